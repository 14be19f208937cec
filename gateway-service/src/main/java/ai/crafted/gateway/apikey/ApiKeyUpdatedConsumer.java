package ai.crafted.gateway.apikey;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.replay.ReplayProgress;

@ApplicationScoped
public class ApiKeyUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(ApiKeyUpdatedConsumer.class);

    private final ApiKeyRegistry registry;
    private final ReplayProgress replay;

    public ApiKeyUpdatedConsumer(ApiKeyRegistry registry, ReplayProgress replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Incoming(Topics.API_KEY_UPDATED)
    public void consume(ConsumerRecord<String, ApiKeyUpdatedEvent> record) {
        apply(record.value());
        replay.consumed(record);
    }

    private void apply(ApiKeyUpdatedEvent event) {
        if (event == null || !ApiKeyUpdatedEvent.readable(event.schemaVersion())) {
            LOG.warn("skipping an api-key-updated record that is unreadable or of an unknown schema version");
            return;
        }
        registry.apply(event);
    }
}
