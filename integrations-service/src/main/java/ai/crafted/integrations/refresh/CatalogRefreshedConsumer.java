package ai.crafted.integrations.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogRefreshedEvent;
import ai.crafted.events.Topics;

/** Stores catalog-refresher's results; the offset is committed after the row (and its outbox event) are written. */
@ApplicationScoped
public class CatalogRefreshedConsumer {

    private static final Logger LOG = Logger.getLogger(CatalogRefreshedConsumer.class);

    private final RefreshResultService results;

    public CatalogRefreshedConsumer(RefreshResultService results) {
        this.results = results;
    }

    @Incoming(Topics.CATALOG_REFRESHED)
    public Uni<Void> consume(CatalogRefreshedEvent result) {
        if (result == null || result.schemaVersion() != CatalogRefreshedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a catalog-refreshed record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return results.apply(result);
    }
}
