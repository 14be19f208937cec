package ai.crafted.integrations.usage;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Adds the gateway's usage records to the daily rows ({@link UsageAggregation}); the offset is
 * committed after the transaction, and a redelivery counts once. A record that is unreadable, of
 * an unknown schema version or without its ids is skipped; one that keeps failing goes to the
 * dead-letter topic. A record that occurred longer ago than {@code integrations.usage.dedupe-retention}
 * is skipped too: its id may have been forgotten, so a replay (offsets reset) would count it
 * twice; the topic's retention is shorter than that, so only a replay brings such a record. One
 * dated more than {@code integrations.usage.max-clock-skew} ahead is skipped as well.
 */
@ApplicationScoped
public class UsageRecordedConsumer {

    private static final Logger LOG = Logger.getLogger(UsageRecordedConsumer.class);

    private final UsageAggregation aggregation;
    private final IntegrationsConfig config;

    public UsageRecordedConsumer(UsageAggregation aggregation, IntegrationsConfig config) {
        this.aggregation = aggregation;
        this.config = config;
    }

    /** Adds one record (retried through a store outage). */
    @Incoming(Topics.USAGE_RECORDED)
    public Uni<Void> consume(UsageRecordedEvent event) {
        if (event == null || event.schemaVersion() != UsageRecordedEvent.SCHEMA_VERSION || event.eventId() == null
                || event.organizationId() == null || event.apiKeyId() == null || event.occurredAt() == null
                || event.model() == null || event.status() == null) {
            LOG.warn("skipping a usage-recorded record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        if (event.occurredAt().isBefore(Instant.now().minus(config.usage().dedupeRetention()))) {
            LOG.warnf("skipping usage record %s of %s: older than the dedupe retention, it may have been counted already",
                    event.eventId(), event.occurredAt());
            return Uni.createFrom().voidItem();
        }
        if (event.occurredAt().isAfter(Instant.now().plus(config.usage().maxClockSkew()))) {
            LOG.warnf("skipping usage record %s of %s: dated in the future", event.eventId(), event.occurredAt());
            return Uni.createFrom().voidItem();
        }
        return StoreOutage.retried(() -> aggregation.add(event), StoreOutage.CONSUMER_LIMIT).replaceWithVoid();
    }
}
