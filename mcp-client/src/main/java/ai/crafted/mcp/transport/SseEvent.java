package ai.crafted.mcp.transport;

/**
 * One server-sent event; {@code event} is "message" when the stream did not name it, {@code id}
 * and {@code retryMs} are null when absent.
 */
public record SseEvent(String event, String data, String id, Long retryMs) {
}
