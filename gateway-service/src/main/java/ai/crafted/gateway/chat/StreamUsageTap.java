package ai.crafted.gateway.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;

import ai.crafted.mcp.transport.SseParser;

/**
 * Reads the usage of a provider's event stream on the side while it is piped to the client
 * unchanged: the last {@code usage} object of a chat.completion.chunk, or the {@code response.usage}
 * of a Responses API event. Bounded: only events whose text names {@code "usage"} are parsed as
 * JSON, and an event longer than {@link #MAX_EVENT_BYTES} (a Responses API
 * {@code response.completed} carrying generated images, or a provider that never sends the blank
 * line) is not buffered: only its last {@link #TAIL_BYTES} are kept, where a usage object sits
 * (it follows the output), and read when the event ends.
 */
final class StreamUsageTap {

    /** Most bytes of one event parsed whole. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;
    /** Bytes kept of the end of a longer event. */
    static final int TAIL_BYTES = 16 * 1024;

    private final ObjectMapper json;
    private SseParser events;
    private JsonNode usage;
    private long sinceEventEnded;
    /** Inside an event over the limit: its bytes are not parsed, only its tail is kept. */
    private boolean skipping;
    private byte[] tail = new byte[0];

    StreamUsageTap(ObjectMapper json) {
        this.json = json;
        this.events = parser();
    }

    private SseParser parser() {
        return new SseParser(event -> {
            sinceEventEnded = 0;
            JsonNode found = UpstreamPassThrough.usageInEvent(json, event.data());
            if (found != null) {
                usage = found;
            }
        });
    }

    /** One chunk of the stream as the client gets it. */
    void feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        if (!skipping) {
            // The parser sets this back to 0 whenever an event ends, so it counts (per chunk) what
            // the event under way has taken; the chunks are scanned once, by the parser.
            sinceEventEnded += bytes.length;
            if (sinceEventEnded <= MAX_EVENT_BYTES) {
                events.feed(bytes);
                return;
            }
            // Too long: what was parsed of this event is dropped with the parser, its end is kept.
            skipping = true;
            events = parser();
            tail = new byte[0];
        }
        int end = eventEnd(tail, bytes);
        if (end < 0) {
            keepTail(bytes, bytes.length);
            return;
        }
        keepTail(bytes, end);
        JsonNode found = usageInTail(json, new String(tail, StandardCharsets.UTF_8));
        if (found != null) {
            usage = found;
        }
        skipping = false;
        tail = new byte[0];
        sinceEventEnded = bytes.length - end;
        events.feed(Arrays.copyOfRange(bytes, end, bytes.length));
    }

    /** The stream's usage object, or null when it sent none. */
    JsonNode usage() {
        return usage;
    }

    /**
     * Where the last event ending in {@code bytes} ends (the index after its blank line: LF LF,
     * CR LF CR LF or CR CR), also when the blank line started in the bytes before ({@code before},
     * whose last 3 bytes are looked at); -1 when no event ends in {@code bytes}.
     */
    static int eventEnd(byte[] before, byte[] bytes) {
        int carry = Math.min(3, before.length);
        int found = -1;
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c != '\n' && c != '\r') {
                continue;
            }
            byte p1 = at(before, carry, bytes, i - 1);
            if ((c == '\n' && p1 == '\n') || (c == '\r' && p1 == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))
                    || (c == '\n' && p1 == '\r' && at(before, carry, bytes, i - 2) == '\n' && at(before, carry, bytes, i - 3) == '\r')) {
                found = i + 1;
            }
        }
        return found;
    }

    /** The byte at {@code index} of the chunk, reaching back into the end of {@code before} for negative indexes. */
    private static byte at(byte[] before, int carry, byte[] bytes, int index) {
        if (index >= 0) {
            return bytes[index];
        }
        int back = -index;
        return back <= carry ? before[before.length - back] : 0;
    }

    private void keepTail(byte[] bytes, int length) {
        int keep = Math.min(TAIL_BYTES, tail.length + length);
        byte[] next = new byte[keep];
        int fromChunk = Math.min(length, keep);
        int fromTail = keep - fromChunk;
        System.arraycopy(tail, tail.length - fromTail, next, 0, fromTail);
        System.arraycopy(bytes, length - fromChunk, next, fromTail, fromChunk);
        tail = next;
    }

    /** The object after the last {@code "usage":} in the end of an event's text (not one quoted inside a string), or null. */
    static JsonNode usageInTail(ObjectMapper json, String text) {
        int at = text.lastIndexOf("\"usage\"");
        while (at > 0 && text.charAt(at - 1) == '\\') {
            at = text.lastIndexOf("\"usage\"", at - 1);
        }
        if (at < 0) {
            return null;
        }
        int brace = text.indexOf('{', at);
        if (brace < 0) {
            return null;
        }
        try {
            // The first value only: what follows the object (the rest of the event) is ignored.
            JsonNode found = json.readTree(text.substring(brace));
            return found != null && found.isObject() ? found : null;
        } catch (Exception e) {
            return null;
        }
    }
}
