package ai.crafted.gateway.chat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * OpenAI's chat completions stream: {@code data: <chat.completion.chunk>} events, a last chunk
 * with the finish reason and the {@code gateway} extension, the summed usage chunk when the
 * client asked for it ({@code stream_options.include_usage}), {@code data: [DONE]}; a failure
 * after the head is {@code event: error} with an OpenAI error object.
 */
final class ChatCompletionChunks implements ChatStreamSink {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final RoutingContext rc;
    private final ObjectMapper json;
    private final ChunkIdentity identity;
    private final boolean includeUsage;
    private HttpServerResponse out;

    ChatCompletionChunks(RoutingContext rc, ObjectMapper json, ChunkIdentity identity, boolean includeUsage) {
        this.rc = rc;
        this.json = json;
        this.identity = identity;
        this.includeUsage = includeUsage;
    }

    @Override
    public void open(HttpServerResponse out) {
        this.out = out;
        out.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }

    @Override
    public void chunk(ObjectNode chunk) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(chunk);
        } catch (Exception e) {
            throw new IllegalStateException("a chunk could not be encoded", e);
        }
        out.write(Buffer.buffer(bytes.length + 8).appendBytes(DATA).appendBytes(bytes).appendBytes(END_OF_EVENT));
    }

    @Override
    public void comment(String text) {
        out.write(": " + text + "\n\n");
    }

    @Override
    public void finish(String finishReason, ObjectNode gateway, ObjectNode usage) {
        ObjectNode last = identity.newChunk(json);
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason);
        last.set("gateway", gateway);
        chunk(last);
        if (includeUsage && usage != null) {
            ObjectNode usageChunk = identity.newChunk(json);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage);
            chunk(usageChunk);
        }
        out.end("data: [DONE]\n\n");
    }

    @Override
    public void fail(Throwable failure) {
        out.end("event: error\ndata: " + OpenAiErrors.streamed(rc, failure).encode() + "\n\n");
    }
}
