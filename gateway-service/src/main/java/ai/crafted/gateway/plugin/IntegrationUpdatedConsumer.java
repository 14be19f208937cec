package ai.crafted.gateway.plugin;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;

/**
 * Feeds the {@link PluginRegistry}. Each gateway instance reads the compacted topic from the
 * beginning with its own consumer group, so every instance holds the full view after start-up.
 */
@ApplicationScoped
public class IntegrationUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(IntegrationUpdatedConsumer.class);

    private final PluginRegistry registry;
    private final MeterRegistry meters;

    public IntegrationUpdatedConsumer(PluginRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.meters = meters;
    }

    @Incoming(Topics.INTEGRATION_UPDATED)
    public void consume(IntegrationUpdatedEvent event) {
        if (event == null || event.schemaVersion() != IntegrationUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping an integration-updated record that is unreadable or of an unknown schema version");
            meters.counter("integration.events.skipped").increment();
            return;
        }
        registry.apply(event);
        meters.counter("integration.events.consumed", "change", event.changeType().wireName()).increment();
    }
}
