package ai.crafted.catalog.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.Topics;

/** Answers the control panel's refresh requests; the offset is committed once the result is published. */
@ApplicationScoped
public class RefreshRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RefreshRequestConsumer.class);

    private final CatalogRefresher refresher;

    public RefreshRequestConsumer(CatalogRefresher refresher) {
        this.refresher = refresher;
    }

    @Incoming(Topics.CATALOG_REFRESH_REQUESTED)
    public Uni<Void> consume(CatalogRefreshRequestedEvent request) {
        if (request == null || request.schemaVersion() != CatalogRefreshRequestedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a catalog-refresh-requested record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return refresher.refresh(RefreshTarget.of(request), request.requestId()).replaceWithVoid();
    }
}
