package ai.crafted.testsupport.demo;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * The demo model's answer to {@code stream: true}, the way OpenAI streams: a role delta, the
 * content word by word ({@link #WORD_INTERVAL_MS} apart, so streaming is visible in a terminal),
 * tool calls with their index, the finish reason, usage when {@code stream_options.include_usage}
 * asks for it, then {@code data: [DONE]}.
 */
final class DemoStream {

    /** Pause between two streamed words, in milliseconds. */
    static final long WORD_INTERVAL_MS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoStream() {
    }

    static void send(Vertx vertx, HttpServerResponse response, ObjectNode completion, boolean includeUsage) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        JsonNode message = completion.path("choices").path(0).path("message");
        List<ObjectNode> deltas = new ArrayList<>();
        deltas.add(JSON.createObjectNode().put("role", "assistant").put("content", ""));
        for (String word : message.path("content").asText("").split("(?<= )")) {
            if (!word.isEmpty()) {
                deltas.add(JSON.createObjectNode().put("content", word));
            }
        }
        if (message.path("tool_calls").isArray()) {
            ArrayNode calls = JSON.createArrayNode();
            int index = 0;
            for (JsonNode call : message.path("tool_calls")) {
                calls.add(((ObjectNode) call.deepCopy()).put("index", index++));
            }
            deltas.add((ObjectNode) JSON.createObjectNode().set("tool_calls", calls));
        }
        List<String> events = new ArrayList<>();
        for (ObjectNode delta : deltas) {
            events.add(event(completion, delta, null));
        }
        events.add(event(completion, JSON.createObjectNode(), completion.path("choices").path(0).path("finish_reason").asText("stop")));
        if (includeUsage && completion.has("usage")) {
            ObjectNode usage = head(completion);
            usage.putArray("choices");
            usage.set("usage", completion.get("usage"));
            events.add("data: " + usage + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        write(vertx, response, events, 0);
    }

    private static void write(Vertx vertx, HttpServerResponse response, List<String> events, int next) {
        if (response.closed()) {
            return;
        }
        if (next == events.size() - 1) {
            response.end(events.get(next));
            return;
        }
        response.write(events.get(next));
        vertx.setTimer(WORD_INTERVAL_MS, t -> write(vertx, response, events, next + 1));
    }

    private static String event(ObjectNode completion, ObjectNode delta, String finishReason) {
        ObjectNode chunk = head(completion);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + chunk + "\n\n";
    }

    private static ObjectNode head(ObjectNode completion) {
        return JSON.createObjectNode().put("id", completion.path("id").asText("chatcmpl-demo"))
                .put("object", "chat.completion.chunk").put("created", completion.path("created").asLong())
                .put("model", completion.path("model").asText(DemoModel.MODEL_ID));
    }
}
