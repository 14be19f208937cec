package ai.crafted.integrations.outbox;

/** An outbox row waiting to be published. */
public record PendingEvent(long id, String topic, String key, String payload) {
}
