package ai.crafted.catalog.refresh;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Answers the control panel's refresh requests: takes the request's configuration when it is
 * newer than the stored one, lists the tools and publishes the state carrying the request id.
 * The offset is committed once that state is in the outbox.
 */
@ApplicationScoped
public class RefreshRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RefreshRequestConsumer.class);

    private final RefreshTargetService targets;
    private final CatalogRefresher refresher;
    private final RefreshSpans spans;

    public RefreshRequestConsumer(RefreshTargetService targets, CatalogRefresher refresher, RefreshSpans spans) {
        this.spans = spans;
        this.targets = targets;
        this.refresher = refresher;
    }

    @Incoming(Topics.CATALOG_REFRESH_REQUESTED)
    public Uni<Void> consume(CatalogRefreshRequestedEvent request, Optional<TracingMetadata> tracing) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return spans.continuing(tracing, () -> StoreOutage.retried(() -> apply(request), StoreOutage.CONSUMER_LIMIT));
    }

    private Uni<Void> apply(CatalogRefreshRequestedEvent request) {
        if (request == null || request.schemaVersion() != CatalogRefreshRequestedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a catalog-refresh-requested record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return targets.current(RefreshTarget.of(request), request.integrationVersion(), request.slug())
                .chain(target -> refresher.refresh(target, request.requestId()));
    }
}
