package ai.crafted.outbox;

/** An outbox row waiting to be published; {@code payload} null is a tombstone. */
public record PendingEvent(long id, String topic, String key, String payload) {
}
