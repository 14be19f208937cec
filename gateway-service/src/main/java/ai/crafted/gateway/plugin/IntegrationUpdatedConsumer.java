package ai.crafted.gateway.plugin;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.mcp.McpClient;
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
    private final McpClient mcp;

    public IntegrationUpdatedConsumer(PluginRegistry registry, MeterRegistry meters, ReplayProgress replay, McpClient mcp) {
        this.registry = registry;
        this.meters = meters;
        this.replay = replay;
        this.mcp = mcp;
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
        // Sessions opened under the old configuration end now; a credential rotation ends them at
        // the next call, whose credential headers make it a new session key.
        mcp.retire(event.integrationId().toString());
        meters.counter("integration.events.consumed", "change", event.changeType().wireName()).increment();
    }
}
