package ai.crafted.integrations.whatsapp;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppHealthEvent;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Stores whatsapp-worker's word that an app cannot send on the app, for the configuration
 * version it names (the API and UI show it while the app is still at that version). A word
 * about another organisation's app id, a deleted app, or an unknown schema version is skipped.
 */
@ApplicationScoped
public class WhatsAppAppHealthConsumer {

    private static final Logger LOG = Logger.getLogger(WhatsAppAppHealthConsumer.class);
    /** Longest reason kept, in characters (the Graph API's words). */
    static final int MAX_REASON_CHARS = 1000;

    private final WhatsAppAppRepository apps;

    public WhatsAppAppHealthConsumer(WhatsAppAppRepository apps) {
        this.apps = apps;
    }

    @Incoming(Topics.WHATSAPP_APP_HEALTH)
    public Uni<Void> consume(WhatsAppAppHealthEvent event) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return StoreOutage.retried(() -> apply(event), StoreOutage.CONSUMER_LIMIT);
    }

    private Uni<Void> apply(WhatsAppAppHealthEvent event) {
        if (event == null || event.schemaVersion() != WhatsAppAppHealthEvent.SCHEMA_VERSION || event.appId() == null) {
            LOG.warn("skipping a whatsapp-app-health record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        String reason = event.reason() != null && event.reason().length() > MAX_REASON_CHARS
                ? event.reason().substring(0, MAX_REASON_CHARS) : event.reason();
        return apps.recordHealth(event, reason).invoke(rows -> {
            if (rows == 0) {
                LOG.debugf("whatsapp-app-health for app %s version %d no longer applies", event.appId(), event.appVersion());
            }
        }).replaceWithVoid();
    }
}
