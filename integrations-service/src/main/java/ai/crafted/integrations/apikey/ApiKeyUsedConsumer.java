package ai.crafted.integrations.apikey;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApiKeyUsedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Keeps when the gateway last took each API key ({@link ApiKeyUsedEvent}), for the key's view and
 * the API-keys page. An event about another organisation's key, an unknown key, an older use than
 * the one kept, or of an unknown schema version changes nothing.
 */
@ApplicationScoped
public class ApiKeyUsedConsumer {

    private static final Logger LOG = Logger.getLogger(ApiKeyUsedConsumer.class);

    private final ApiKeyService keys;

    public ApiKeyUsedConsumer(ApiKeyService keys) {
        this.keys = keys;
    }

    /** Stores one report (retried through a store outage); never fails on a bad record, which is skipped. */
    @Incoming(Topics.API_KEY_USED)
    public Uni<Void> consume(ApiKeyUsedEvent event) {
        if (event == null || event.schemaVersion() != ApiKeyUsedEvent.SCHEMA_VERSION || event.organizationId() == null
                || event.apiKeyId() == null || event.usedAt() == null) {
            LOG.warn("skipping an api-key-used record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return StoreOutage.retried(() -> Panache.withTransaction(
                () -> keys.usedAt(event.organizationId(), event.apiKeyId(), event.usedAt())), StoreOutage.CONSUMER_LIMIT);
    }
}
