package ai.crafted.integrations.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Stores catalog-refresher's catalogs for the API and UI; the offset is committed after the row
 * is written. Tombstones (deleted integrations) and unreadable records are skipped.
 */
@ApplicationScoped
public class CatalogUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(CatalogUpdatedConsumer.class);

    private final CatalogReadModel catalogs;

    public CatalogUpdatedConsumer(CatalogReadModel catalogs) {
        this.catalogs = catalogs;
    }

    @Incoming(Topics.CATALOG_UPDATED)
    public Uni<Void> consume(CatalogUpdatedEvent catalog) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return StoreOutage.retried(() -> apply(catalog), StoreOutage.CONSUMER_LIMIT);
    }

    private Uni<Void> apply(CatalogUpdatedEvent catalog) {
        if (catalog == null) {
            return Uni.createFrom().voidItem(); // a tombstone: the integration is gone here too
        }
        if (catalog.schemaVersion() != CatalogUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a catalog-updated record of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return catalogs.apply(catalog);
    }
}
