package ai.crafted.catalog.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.CatalogRefreshedEvent;
import ai.crafted.events.Topics;

/**
 * Publishes refresh results (the emitter's Uni completes when Kafka acknowledged) and records the
 * attempt on the refresh target, so the scheduler knows what is due.
 */
@ApplicationScoped
public class RefreshResultPublisher {

    private final MutinyEmitter<CatalogRefreshedEvent> results;
    private final Pool pool;

    public RefreshResultPublisher(@Channel(Topics.CATALOG_REFRESHED) MutinyEmitter<CatalogRefreshedEvent> results,
            Pool pool) {
        this.results = results;
        this.pool = pool;
    }

    public Uni<CatalogRefreshedEvent> publish(CatalogRefreshedEvent event) {
        Message<CatalogRefreshedEvent> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.integrationId().toString()).build());
        return results.sendMessage(message)
                .chain(() -> pool.preparedQuery("update refresh_targets set last_attempt_at = $1,"
                        + " refresh_required = refresh_required and not $2, last_error = $3 where integration_id = $4")
                        .execute(Tuple.of(event.attemptedAt().atOffset(java.time.ZoneOffset.UTC), event.succeeded(),
                                event.error(), event.integrationId())))
                .replaceWith(event);
    }
}
