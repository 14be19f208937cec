package ai.crafted.gateway.chat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.approval.ApprovalScope;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.tracing.GatewaySpans;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;
import ai.crafted.gateway.usage.UsageRecords;

/**
 * The tool loop for {@code stream: true}: starts one {@link StreamedChat} per request and holds
 * what they share. Counts clients that disconnect mid-stream
 * ({@code gateway_chat_stream_disconnects_total}).
 */
@ApplicationScoped
public class StreamingChatLoop {

    private final UpstreamClient upstream;
    private final ChatLoop chatLoop;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Counter disconnects;
    private final UsageRecords usageRecords;
    private final GatewaySpans spans;

    public StreamingChatLoop(UpstreamClient upstream, ChatLoop chatLoop, GatewayConfig config, ObjectMapper json, Vertx vertx,
            MeterRegistry meters, UsageRecords usageRecords, GatewaySpans spans) {
        this.usageRecords = usageRecords;
        this.spans = spans;
        this.upstream = upstream;
        this.chatLoop = chatLoop;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
        this.disconnects = Counter.builder("gateway.chat.stream.disconnects")
                .description("streamed chats whose client disconnected before the end (upstream and tool calls cancelled)")
                .register(meters);
    }

    /**
     * Streams the answer to {@code rc}'s response; returns at once. The usage record is sent when
     * the stream ends (no {@code Server-Timing} header: the head leaves before the times are known).
     *
     * @param request the client's parsed request, used (and changed) as the conversation
     */
    public void run(RoutingContext rc, UpstreamTarget target, ObjectNode request, ToolSet tools, ChatUsage meter,
            ApprovalScope scope) {
        ChunkIdentity identity = new ChunkIdentity();
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        new StreamedChat(this, rc, target, request, tools, identity, new ChatCompletionChunks(rc, json, identity, includeUsage),
                meter, scope).start();
    }

    /**
     * Streams the answer in another API's wire format: the same loop, its events written by
     * {@code sink} (the Responses API's typed events).
     *
     * @param request a chat completions request, used (and changed) as the conversation
     */
    public void run(RoutingContext rc, UpstreamTarget target, ObjectNode request, ToolSet tools, ChatStreamSink sink,
            ChatUsage meter, ApprovalScope scope) {
        new StreamedChat(this, rc, target, request, tools, new ChunkIdentity(), sink, meter, scope).start();
    }

    /**
     * A complete {@code chat.completion} as the one chunk carrying all of it (for a provider that
     * answers JSON to a streaming request): the message as the delta, tool calls indexed.
     */
    static ObjectNode asChunk(ObjectNode completion, ObjectMapper json) {
        ObjectNode chunk = json.createObjectNode();
        for (String field : new String[] { "id", "created", "model", "system_fingerprint", "service_tier", "usage" }) {
            if (completion.has(field)) {
                chunk.set(field, completion.get(field));
            }
        }
        chunk.put("object", "chat.completion.chunk");
        JsonNode choice = completion.path("choices").path(0);
        ObjectNode delta = choice.path("message") instanceof ObjectNode message ? message.deepCopy() : json.createObjectNode();
        if (delta.path("tool_calls") instanceof ArrayNode calls) {
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i) instanceof ObjectNode call) {
                    call.put("index", i);
                }
            }
        }
        ObjectNode streamed = chunk.putArray("choices").addObject().put("index", 0);
        streamed.set("delta", delta);
        if (choice.hasNonNull("logprobs")) {
            streamed.set("logprobs", choice.get("logprobs"));
        }
        streamed.set("finish_reason", choice.path("finish_reason").isTextual() ? choice.get("finish_reason") : null);
        return chunk;
    }

    /**
     * A provider's complete JSON answer to a streaming request as the event stream the client
     * asked for: one chunk with the whole message and the finish reason, a usage chunk when
     * {@code includeUsage}, then {@code data: [DONE]}. A body that is not a chat.completion is
     * passed on as one data event, for the client to report.
     */
    static String asEventStream(Buffer body, boolean includeUsage, ObjectMapper json) {
        JsonNode answer;
        try {
            answer = json.readTree(body.getBytes());
        } catch (Exception e) {
            answer = null;
        }
        if (!(answer instanceof ObjectNode completion) || !completion.path("choices").isArray()) {
            return "data: " + body.toString().replaceAll("[\\r\\n]+", " ") + "\n\n";
        }
        ObjectNode chunk = asChunk(completion, json);
        JsonNode usage = chunk.remove("usage");
        StringBuilder events = new StringBuilder("data: ").append(chunk).append("\n\n");
        if (includeUsage && usage != null && usage.isObject()) {
            ChunkIdentity identity = new ChunkIdentity();
            identity.adopt(chunk);
            ObjectNode usageChunk = identity.newChunk(json);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage);
            events.append("data: ").append(usageChunk).append("\n\n");
        }
        return events.append("data: [DONE]\n\n").toString();
    }

    UpstreamClient upstream() {
        return upstream;
    }

    ChatLoop chatLoop() {
        return chatLoop;
    }

    GatewaySpans spans() {
        return spans;
    }

    ObjectMapper json() {
        return json;
    }

    Vertx vertx() {
        return vertx;
    }

    Duration keepaliveInterval() {
        return config.keepaliveInterval();
    }

    Duration upstreamTimeout() {
        return config.upstreamTimeout();
    }

    int maxToolRounds() {
        return config.maxToolRounds();
    }

    UsageRecords usageRecords() {
        return usageRecords;
    }

    void clientDisconnected() {
        disconnects.increment();
    }
}
