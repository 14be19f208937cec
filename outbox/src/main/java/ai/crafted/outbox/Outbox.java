package ai.crafted.outbox;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.EventJson;

/**
 * Records events inside the caller's transaction. Nothing is sent here: if the transaction rolls
 * back the event never existed, and if it commits the relay publishes it even when Kafka is down
 * right now. The table's insert trigger notifies the relay on commit (PostgreSQL NOTIFY is
 * transactional), so a committed event is usually on Kafka a few milliseconds later. The request
 * that wrote it can wait for that before it answers ({@link OutboxPublication}). The writer's
 * trace context is stored with the event and travels in the record's headers
 * ({@link OutboxTraceContext}), so the consumers' spans continue the writer's trace.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Must be called inside the transaction that makes the change (a service's
     * {@code @WithTransaction} or {@code Panache.withTransaction}).
     *
     * @param event a record from {@code ai.crafted.events}, serialised with {@link EventJson}
     */
    public Uni<Void> enqueue(String topic, String key, Object event) {
        return persist(topic, key, EventJson.write(event));
    }

    /** A tombstone (null value) for a compacted topic: the key's state is gone. */
    public Uni<Void> enqueueTombstone(String topic, String key) {
        return persist(topic, key, null);
    }

    private Uni<Void> persist(String topic, String key, String payload) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.topic = topic;
        row.messageKey = key;
        row.payload = payload;
        row.createdAt = Instant.now();
        OutboxTraceContext trace = OutboxTraceContext.current();
        row.traceparent = trace.traceparent();
        row.tracestate = trace.tracestate();
        // IDENTITY ids are assigned by the insert, which persist runs at once.
        return Panache.getSession().chain(session -> session.persist(row))
                .invoke(() -> OutboxPublication.written(row.id))
                .replaceWithVoid();
    }
}
