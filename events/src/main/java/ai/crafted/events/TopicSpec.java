package ai.crafted.events;

/**
 * How a topic must be created. Compacted topics hold the latest state per key, so a consumer
 * that keeps an in-memory view (the gateway) can rebuild it by reading from the beginning.
 */
public record TopicSpec(String name, int partitions, boolean compacted) {
}
