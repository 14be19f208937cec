package ai.crafted.catalog.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;

/**
 * Consumes {@code integration-updated}: keeps the refresh targets and refreshes on install and
 * whenever endpoint, transport or credential changed. The offset is committed only after the row is written.
 */
@ApplicationScoped
public class IntegrationUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(IntegrationUpdatedConsumer.class);

    private final RefreshTargetService targets;
    private final CatalogRefresher refresher;
    private final MeterRegistry registry;

    public IntegrationUpdatedConsumer(RefreshTargetService targets, CatalogRefresher refresher, MeterRegistry registry) {
        this.targets = targets;
        this.refresher = refresher;
        this.registry = registry;
    }

    @Incoming(Topics.INTEGRATION_UPDATED)
    public Uni<Void> consume(IntegrationUpdatedEvent event) {
        if (event == null || event.schemaVersion() != IntegrationUpdatedEvent.SCHEMA_VERSION) {
            LOG.warnf("skipping an integration-updated record that is unreadable or of an unknown schema version");
            registry.counter("integration.events.skipped").increment();
            return Uni.createFrom().voidItem();
        }
        return targets.apply(event).invoke(() -> {
            registry.counter("integration.events.consumed", "change", event.changeType().wireName()).increment();
            // Install and reach changes refresh right away, without holding up the partition;
            // the scheduler retries whatever this misses.
            if (event.catalogRefreshRequired() && event.integration() != null) {
                refresher.refreshInBackground(RefreshTarget.of(event));
            }
        });
    }
}
