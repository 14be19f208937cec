package ai.crafted.gateway.plugin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.ToolPolicyUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;

/**
 * Feeds the tool policies of the {@link PluginRegistry} from integrations-service's
 * {@code tool-policy-updated}. Each gateway instance replays the compacted topic from the
 * beginning with its own consumer group (until it has, the plugins offer no tools).
 */
@ApplicationScoped
public class ToolPolicyUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(ToolPolicyUpdatedConsumer.class);

    private final PluginRegistry registry;
    private final ReplayProgress replay;

    public ToolPolicyUpdatedConsumer(PluginRegistry registry, ReplayProgress replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Incoming(Topics.TOOL_POLICY_UPDATED)
    public void consume(ConsumerRecord<String, ToolPolicyUpdatedEvent> record) {
        ToolPolicyUpdatedEvent event = record.value();
        if (event != null && event.schemaVersion() != ToolPolicyUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a tool-policy-updated record of an unknown schema version");
        } else if (event != null || isTombstone(record)) {
            registry.applyPolicy(UUID.fromString(record.key()), event);
        }
        replay.consumed(record);
    }

    /**
     * A null value is either a tombstone or a record the deserializer could not read; only a
     * truly empty payload is a tombstone (SmallRye sets this header on deserialization failures).
     */
    private static boolean isTombstone(ConsumerRecord<String, ToolPolicyUpdatedEvent> record) {
        return record.headers().lastHeader("deserialization-failure-reason") == null && record.key() != null;
    }
}
