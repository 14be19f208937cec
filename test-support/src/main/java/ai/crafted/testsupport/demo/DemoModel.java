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
 * reports what the tool returned; otherwise it repeats the prompt. A message's text is its string
 * content or the text of its content parts (what the Responses API's clients send). Usage is
 * estimated at four characters a token (it has no tokenizer), so usage summing shows.
 */
public final class DemoModel {

    public static final String MODEL_ID = "demo-model";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoModel() {
    }

    public static ObjectNode answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.size() == 0 ? JSON.createObjectNode() : messages.get(messages.size() - 1);
        int promptChars = 0;
        for (JsonNode message : messages) {
            promptChars += textOf(message.path("content")).length();
        }
        ObjectNode answer;
        if ("tool".equals(last.path("role").asText())) {
            String content = textOf(last.path("content"));
            answer = text("[demo model] The tool answered: " + (content.length() > 500 ? content.substring(0, 500) + "…" : content));
        } else {
            String prompt = textOf(last.path("content"));
            JsonNode tool = pickTool(request.path("tools"), prompt);
            answer = tool != null
                    ? toolCall(tool.path("function").path("name").asText(), arguments(tool.path("function").path("parameters"), prompt))
                    : text("[demo model] You said: \"" + prompt + "\". Ask me to \"echo\" something to see an MCP tool call.");
        }
        JsonNode message = answer.path("choices").path(0).path("message");
        int completionChars = textOf(message.path("content")).length() + message.path("tool_calls").toString().length();
        int promptTokens = Math.max(1, promptChars / 4);
        int completionTokens = Math.max(1, completionChars / 4);
        answer.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return answer;
    }

    /** A message's text: its string content, or the text of its content parts joined. */
    private static String textOf(JsonNode content) {
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        return content.asText("");
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
        return response;
    }
}
