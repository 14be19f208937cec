package ai.crafted.mcp.transport;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental text/event-stream parser (WHATWG rules): feed it chunks as they arrive, it calls
 * back once per complete event (also for events that only carry an id or retry). Comment lines
 * are ignored.
 */
public final class SseParser {

    private final Consumer<SseEvent> onEvent;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String event;
    private String id;
    private Long retryMs;
    private boolean hasData;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] leftover = new byte[0];
    private int scanned;

    public SseParser(Consumer<SseEvent> onEvent) {
        this.onEvent = onEvent;
    }

    public void feed(byte[] chunk) {
        // UTF-8 decoded across chunks: a character split between two TCP reads stays whole.
        ByteBuffer in = ByteBuffer.allocate(leftover.length + chunk.length).put(leftover).put(chunk).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining());
        decoder.decode(in, out, false);
        leftover = new byte[in.remaining()];
        in.get(leftover);
        pending.append(out.flip());
        int lineEnd;
        while ((lineEnd = indexOfLineEnd()) >= 0) {
            String line = pending.substring(0, lineEnd);
            int skip = pending.charAt(lineEnd) == '\r' && lineEnd + 1 < pending.length()
                    && pending.charAt(lineEnd + 1) == '\n' ? 2 : 1;
            pending.delete(0, lineEnd + skip);
            scanned = 0;
            line(line);
        }
    }

    /**
     * The end of the first complete line, or -1. Scanning resumes where the last scan stopped, so
     * a long line arriving in many chunks costs linear, not quadratic, time.
     */
    private int indexOfLineEnd() {
        for (int i = scanned; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '\n') {
                return i;
            }
            // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
            if (c == '\r' && i + 1 < pending.length()) {
                return i;
            }
        }
        scanned = Math.max(0, pending.length() - 1);
        return -1;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "retry" -> {
                if (value.matches("\\d{1,9}")) {
                    retryMs = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored, as the SSE standard says
            }
        }
    }

    private void dispatch() {
        if (hasData || event != null || id != null || retryMs != null) {
            onEvent.accept(new SseEvent(event == null ? "message" : event, data.toString(), id, retryMs));
        }
        data.setLength(0);
        hasData = false;
        event = null;
        id = null;
        retryMs = null;
    }
}
