package ai.crafted.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tool as an MCP server describes it in {@code tools/list}. {@code title} and
 * {@code annotations} are kept only when the server sends them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDescriptor(String name, String title, String description, JsonNode inputSchema,
        JsonNode annotations) {
}
