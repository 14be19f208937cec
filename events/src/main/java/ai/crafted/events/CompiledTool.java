package ai.crafted.events;

import java.util.Map;

/**
 * One MCP tool of a catalog as each provider profile receives it.
 *
 * @param name  the tool's name as the MCP server gave it (the catalog's {@link ToolDescriptor#name()})
 * @param forms by profile id ({@code openai}, {@code openai-strict}, {@code anthropic}, {@code gemini})
 */
public record CompiledTool(String name, Map<String, ToolForm> forms) {

    public CompiledTool {
        forms = Map.copyOf(forms);
    }
}
