package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a complete chat.completion into the chat.completion.chunk events a streaming client
 * expects: the role, the content in pieces, any tool calls, the finish reason, optionally usage.
 */
final class SseChunks {

    private static final int PIECE = 64;

    private SseChunks() {
    }

    static List<String> of(ObjectNode completion, boolean includeUsage, ObjectMapper json) {
        List<String> events = new ArrayList<>();
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        events.add(chunk(completion, json.createObjectNode().put("role", "assistant").put("content", ""), null, json));
        String content = message.path("content").asText("");
        for (int i = 0; i < content.length(); i += PIECE) {
            events.add(chunk(completion, json.createObjectNode().put("content",
                    content.substring(i, Math.min(content.length(), i + PIECE))), null, json));
        }
        if (message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty()) {
            ObjectNode delta = json.createObjectNode();
            var calls = delta.putArray("tool_calls");
            int index = 0;
            for (JsonNode call : message.path("tool_calls")) {
                ObjectNode c = ((ObjectNode) call.deepCopy()).put("index", index++);
                calls.add(c);
            }
            events.add(chunk(completion, delta, null, json));
        }
        events.add(chunk(completion, json.createObjectNode(), choice.path("finish_reason").asText("stop"), json));
        if (includeUsage && completion.has("usage")) {
            ObjectNode usage = base(completion, json);
            usage.putArray("choices");
            usage.set("usage", completion.get("usage"));
            events.add(usage.toString());
        }
        return events;
    }

    private static String chunk(ObjectNode completion, ObjectNode delta, String finishReason, ObjectMapper json) {
        ObjectNode chunk = base(completion, json);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    private static ObjectNode base(ObjectNode completion, ObjectMapper json) {
        ObjectNode chunk = json.createObjectNode()
                .put("id", completion.path("id").asText("chatcmpl-gateway"))
                .put("object", "chat.completion.chunk")
                .put("created", completion.path("created").asLong(System.currentTimeMillis() / 1000))
                .put("model", completion.path("model").asText(""));
        if (completion.has("gateway")) {
            chunk.set("gateway", completion.get("gateway"));
        }
        return chunk;
    }
}
