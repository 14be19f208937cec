package ai.crafted.catalog.refresh;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.mcp.McpClient;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Consumes {@code integration-updated}: keeps the refresh targets and lists the catalog again on
 * install and whenever the configuration changed. The offset is committed only after the row is
 * written; the listing runs in the background (the scheduler retries whatever it misses).
 */
@ApplicationScoped
public class IntegrationUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(IntegrationUpdatedConsumer.class);

    private final RefreshTargetService targets;
    private final CatalogRefresher refresher;
    private final RefreshSpans spans;
    private final MeterRegistry registry;
    private final McpClient mcp;

    public IntegrationUpdatedConsumer(RefreshTargetService targets, CatalogRefresher refresher, MeterRegistry registry,
            McpClient mcp, RefreshSpans spans) {
        this.spans = spans;
        this.targets = targets;
        this.refresher = refresher;
        this.registry = registry;
        this.mcp = mcp;
    }

    @Incoming(Topics.INTEGRATION_UPDATED)
    public Uni<Void> consume(IntegrationUpdatedEvent event, Optional<TracingMetadata> tracing) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return spans.continuing(tracing, () -> StoreOutage.retried(() -> apply(event), StoreOutage.CONSUMER_LIMIT));
    }

    private Uni<Void> apply(IntegrationUpdatedEvent event) {
        if (event == null || event.schemaVersion() != IntegrationUpdatedEvent.SCHEMA_VERSION) {
            LOG.warnf("skipping an integration-updated record that is unreadable or of an unknown schema version");
            registry.counter("integration.events.skipped").increment();
            return Uni.createFrom().voidItem();
        }
        return targets.apply(event).invoke(refreshNeeded -> {
            registry.counter("integration.events.consumed", "change", event.changeType().wireName()).increment();
            if (refreshNeeded || event.changeType() == ChangeType.DELETED) {
                // Sessions (and notification streams) opened under the old configuration end now.
                mcp.retire(event.integrationId().toString());
            }
            if (refreshNeeded) {
                refresher.refreshInBackground(RefreshTarget.of(event));
            }
        }).replaceWithVoid();
    }
}
