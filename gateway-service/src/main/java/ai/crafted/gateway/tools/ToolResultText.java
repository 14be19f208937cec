package ai.crafted.gateway.tools;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders an MCP tools/call result as the text of an OpenAI {@code tool} message: the text
 * content, descriptions of images, audio and resource links, and {@code structuredContent}
 * (MCP 2025-06-18 "Structured Content"), which often carries the data while the text is only a
 * summary; it is left out only when a text part already is that same JSON.
 */
final class ToolResultText {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode structured = result.get("structuredContent");
        if (structured != null && !structured.isNull() && !alreadyInText(result.path("content"), structured)) {
            parts.add(parts.isEmpty() ? structured.toString() : "structuredContent: " + structured);
        }
        return parts.isEmpty() ? "(the tool returned no content)" : String.join("\n", parts);
    }

    private static boolean alreadyInText(JsonNode content, JsonNode structured) {
        for (JsonNode item : content) {
            if (item.path("type").asText().equals("text")) {
                try {
                    if (structured.equals(JSON.readTree(item.path("text").asText()))) {
                        return true;
                    }
                } catch (Exception e) {
                    // not JSON: a summary, so the structured data is added
                }
            }
        }
        return false;
    }
}
