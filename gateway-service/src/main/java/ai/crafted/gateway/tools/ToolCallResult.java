package ai.crafted.gateway.tools;

/**
 * What one plugin tool call gave: the text the model gets, and how it went.
 *
 * @param text    the tool's result as text, or an {@code Error…} sentence the model can act on
 * @param outcome {@code ok}; {@code tool_error} (the MCP server answered {@code isError: true});
 *                {@code bad_arguments} (not called: the model's arguments were not one JSON
 *                object); {@code error} (the call failed: transport, timeout, credential)
 */
public record ToolCallResult(String text, String outcome) {

    /** Whether the call did not succeed; decided by how it went, never by what the text says. */
    public boolean failed() {
        return !"ok".equals(outcome);
    }
}
