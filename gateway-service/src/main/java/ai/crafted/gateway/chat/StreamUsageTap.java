package ai.crafted.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;

import ai.crafted.mcp.transport.SseParser;

/**
 * Reads the usage of a provider's event stream on the side while it is piped to the client
 * unchanged: the last {@code usage} object of a chat.completion.chunk, or the {@code response.usage}
 * of a Responses API event. Bounded: only events whose text names {@code "usage"} are parsed as
 * JSON, and once more than {@link #MAX_EVENT_BYTES} arrive without an event ending (a provider
 * that never sends the blank line), reading stops for the rest of the stream and its usage is
 * unknown ({@link #usage()} null), instead of buffering without end.
 */
final class StreamUsageTap {

    /** Most bytes of one event read on the side: far above any usage chunk. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    private final ObjectMapper json;
    private final SseParser events;
    private JsonNode usage;
    private long sinceEventEnded;
    private boolean gaveUp;

    StreamUsageTap(ObjectMapper json) {
        this.json = json;
        this.events = new SseParser(event -> {
            sinceEventEnded = 0;
            JsonNode found = UpstreamPassThrough.usageInEvent(this.json, event.data());
            if (found != null) {
                usage = found;
            }
        });
    }

    /** One chunk of the stream as the client gets it. */
    void feed(Buffer chunk) {
        if (gaveUp) {
            return;
        }
        sinceEventEnded += chunk.length();
        if (sinceEventEnded > MAX_EVENT_BYTES) {
            gaveUp = true;
            usage = null;
            return;
        }
        events.feed(chunk.getBytes());
    }

    /** The stream's usage object, or null when it sent none or was too odd to read. */
    JsonNode usage() {
        return usage;
    }
}
