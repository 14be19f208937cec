package ai.crafted.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;

/** Reads one entry of a tools/list page, keeping title and annotations only when sent. */
final class ToolDescriptors {

    private ToolDescriptors() {
    }

    static ToolDescriptor from(JsonNode tool) {
        JsonNode name = tool.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new McpException(Kind.MALFORMED_RESPONSE, "MCP server listed a tool without a name");
        }
        JsonNode schema = tool.get("inputSchema");
        if (schema == null || !schema.isObject()) {
            // The spec requires a schema; an absent one means "no arguments".
            schema = JsonRpc.MAPPER.createObjectNode().put("type", "object");
        }
        return new ToolDescriptor(name.asText(), text(tool, "title"), text(tool, "description"), schema,
                tool.has("annotations") && tool.get("annotations").isObject() ? tool.get("annotations") : null);
    }

    private static String text(JsonNode tool, String field) {
        JsonNode value = tool.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
