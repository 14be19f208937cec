package ai.crafted.outbox;

/**
 * An outbox row waiting to be published; {@code payload} null is a tombstone; {@code trace} the
 * writer's W3C trace context ({@link OutboxTraceContext#NONE} when it was not traced).
 */
public record PendingEvent(long id, String topic, String key, String payload, OutboxTraceContext trace) {
}
