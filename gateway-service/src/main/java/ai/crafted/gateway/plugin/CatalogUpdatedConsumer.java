package ai.crafted.gateway.plugin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;

/**
 * Feeds the catalogs of the {@link PluginRegistry} straight from catalog-refresher. Each gateway
 * instance replays the compacted topic from the beginning with its own consumer group.
 */
@ApplicationScoped
public class CatalogUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(CatalogUpdatedConsumer.class);

    private final PluginRegistry registry;
    private final ReplayProgress replay;

    public CatalogUpdatedConsumer(PluginRegistry registry, ReplayProgress replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Incoming(Topics.CATALOG_UPDATED)
    public void consume(ConsumerRecord<String, CatalogUpdatedEvent> record) {
        CatalogUpdatedEvent event = record.value();
        if (event != null && event.schemaVersion() != CatalogUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a catalog-updated record of an unknown schema version");
        } else if (event != null || isTombstone(record)) {
            registry.applyCatalog(UUID.fromString(record.key()), event);
        }
        replay.consumed(record);
    }

    /**
     * A null value is either a tombstone or a record the deserializer could not read; only a
     * truly empty payload is a tombstone (SmallRye sets this header on deserialization failures).
     */
    private static boolean isTombstone(ConsumerRecord<String, CatalogUpdatedEvent> record) {
        return record.headers().lastHeader("deserialization-failure-reason") == null && record.key() != null;
    }
}
