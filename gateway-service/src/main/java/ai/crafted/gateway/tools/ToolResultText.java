package ai.crafted.gateway.tools;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders an MCP tools/call result as the text of an OpenAI {@code tool} message. */
final class ToolResultText {

    private ToolResultText() {
    }

    static String of(JsonNode result) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : result.path("content")) {
            switch (item.path("type").asText()) {
                case "text" -> parts.add(item.path("text").asText());
                case "image", "audio" -> parts.add("[" + item.path("type").asText() + " content ("
                        + item.path("mimeType").asText("unknown type") + ") omitted]");
                case "resource" -> {
                    JsonNode resource = item.path("resource");
                    parts.add(resource.has("text") ? resource.path("text").asText()
                            : "[resource " + resource.path("uri").asText() + "]");
                }
                case "resource_link" -> parts.add("[resource link " + item.path("uri").asText() + "]");
                default -> parts.add(item.toString());
            }
        }
        if (parts.isEmpty() && result.has("structuredContent")) {
            return result.get("structuredContent").toString();
        }
        return parts.isEmpty() ? "(the tool returned no content)" : String.join("\n", parts);
    }
}
