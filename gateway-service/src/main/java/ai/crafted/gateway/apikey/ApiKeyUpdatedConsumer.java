package ai.crafted.gateway.apikey;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.Topics;

@ApplicationScoped
public class ApiKeyUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(ApiKeyUpdatedConsumer.class);

    private final ApiKeyRegistry registry;

    public ApiKeyUpdatedConsumer(ApiKeyRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Topics.API_KEY_UPDATED)
    public void consume(ApiKeyUpdatedEvent event) {
        if (event == null || event.schemaVersion() != ApiKeyUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping an api-key-updated record that is unreadable or of an unknown schema version");
            return;
        }
        registry.apply(event);
    }
}
