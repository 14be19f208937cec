package ai.crafted.testsupport.demo;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The local stack's clearly labelled stand-in for a language model, used only when no real
 * provider is configured. Deterministic: when the prompt names an offered tool (or asks to
 * "echo"), it calls that tool with the prompt as its text argument; after a tool result it
 * reports what the tool returned; otherwise it repeats the prompt.
 */
public final class DemoModel {

    public static final String MODEL_ID = "demo-model";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoModel() {
    }

    public static ObjectNode answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.size() == 0 ? JSON.createObjectNode() : messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            String content = last.path("content").asText();
            return text("[demo model] The tool answered: " + (content.length() > 500 ? content.substring(0, 500) + "…" : content));
        }
        String prompt = last.path("content").asText("");
        JsonNode tool = pickTool(request.path("tools"), prompt);
        if (tool != null) {
            return toolCall(tool.path("function").path("name").asText(), arguments(tool.path("function").path("parameters"), prompt));
        }
        return text("[demo model] You said: \"" + prompt + "\". Ask me to \"echo\" something to see an MCP tool call.");
    }

    private static JsonNode pickTool(JsonNode tools, String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        JsonNode echo = null;
        for (JsonNode tool : tools) {
            String name = tool.path("function").path("name").asText();
            String shortName = name.contains("__") ? name.substring(name.indexOf("__") + 2) : name;
            if (lower.contains(shortName.toLowerCase(Locale.ROOT))) {
                return tool;
            }
            if (shortName.equals("echo")) {
                echo = tool;
            }
        }
        return lower.contains("echo") || lower.contains("tool") ? echo : null;
    }

    private static String arguments(JsonNode schema, String prompt) {
        ObjectNode args = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            var property = it.next();
            switch (property.getValue().path("type").asText()) {
                case "number", "integer" -> args.put(property.getKey(), 1);
                case "boolean" -> args.put(property.getKey(), true);
                case "string" -> args.put(property.getKey(), prompt);
                default -> {
                    // leave optional complex arguments out
                }
            }
        }
        return args.toString();
    }

    static ObjectNode text(String content) {
        ObjectNode response = completion("stop");
        ((ObjectNode) response.path("choices").path(0).path("message")).put("content", content);
        return response;
    }

    private static ObjectNode toolCall(String name, String arguments) {
        ObjectNode response = completion("tool_calls");
        ObjectNode message = (ObjectNode) response.path("choices").path(0).path("message");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_demo_" + System.nanoTime())
                .put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return response;
    }

    private static ObjectNode completion(String finishReason) {
        ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-demo-" + System.nanoTime())
                .put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000).put("model", MODEL_ID);
        response.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason)
                .putObject("message").put("role", "assistant");
        response.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return response;
    }
}
