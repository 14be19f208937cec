package ai.crafted.integrations.outbox;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.EventJson;

/**
 * Records events inside the caller's transaction. Nothing is sent here: if the transaction rolls
 * back the event never existed, and if it commits the relay publishes it even when Kafka is down
 * right now.
 */
@ApplicationScoped
public class Outbox {

    /** Must be called inside the transaction that makes the change (a service's {@code @WithTransaction}). */
    public Uni<Void> enqueue(String topic, String key, Object event) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.topic = topic;
        row.messageKey = key;
        row.payload = EventJson.write(event);
        row.createdAt = Instant.now();
        return Panache.getSession().chain(session -> session.persist(row)).replaceWithVoid();
    }
}
