package ai.crafted.mcp.transport;

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

    public SseParser(Consumer<SseEvent> onEvent) {
        this.onEvent = onEvent;
    }

    public void feed(byte[] chunk) {
        pending.append(new String(chunk, StandardCharsets.UTF_8));
        int lineEnd;
        while ((lineEnd = indexOfLineEnd()) >= 0) {
            String line = pending.substring(0, lineEnd);
            int skip = pending.charAt(lineEnd) == '\r' && lineEnd + 1 < pending.length()
                    && pending.charAt(lineEnd + 1) == '\n' ? 2 : 1;
            pending.delete(0, lineEnd + skip);
            line(line);
        }
    }

    private int indexOfLineEnd() {
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '\n') {
                return i;
            }
            // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
            if (c == '\r' && i + 1 < pending.length()) {
                return i;
            }
        }
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
