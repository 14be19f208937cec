package ai.crafted.gateway.plugin;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;

/**
 * Feeds the {@link PluginRegistry}. Each gateway instance reads the compacted topic from the
 * beginning with its own consumer group, so every instance holds the full view after start-up.
 */
@ApplicationScoped
public class IntegrationUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(IntegrationUpdatedConsumer.class);

    private final PluginRegistry registry;
    private final MeterRegistry meters;
    private final ReplayProgress replay;

    public IntegrationUpdatedConsumer(PluginRegistry registry, MeterRegistry meters, ReplayProgress replay) {
        this.registry = registry;
        this.meters = meters;
        this.replay = replay;
    }

    @Incoming(Topics.INTEGRATION_UPDATED)
    public void consume(ConsumerRecord<String, IntegrationUpdatedEvent> record) {
        apply(record.value());
        replay.consumed(record);
    }

    private void apply(IntegrationUpdatedEvent event) {
        if (event == null || event.schemaVersion() != IntegrationUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping an integration-updated record that is unreadable or of an unknown schema version");
            meters.counter("integration.events.skipped").increment();
            return;
        }
        registry.apply(event);
        meters.counter("integration.events.consumed", "change", event.changeType().wireName()).increment();
    }
}
