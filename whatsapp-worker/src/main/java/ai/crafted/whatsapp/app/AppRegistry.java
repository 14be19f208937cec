package ai.crafted.whatsapp.app;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import ai.crafted.events.ChangeType;
import ai.crafted.events.SealedSecret;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Every WhatsApp app's configuration, replayed from the compacted {@code whatsapp-app-updated}
 * topic into memory (each instance reads it all): the webhook needs the app secret and verify
 * token, the worker the selected plugins, tokens and gateway key.
 */
@ApplicationScoped
public class AppRegistry {

    private static final Logger LOG = Logger.getLogger(AppRegistry.class);

    private final Map<UUID, WhatsAppApp> apps = new ConcurrentHashMap<>();
    private final Map<UUID, Long> deletedAt = new ConcurrentHashMap<>();
    private final AesGcmKeyring transport;

    public AppRegistry(WorkerConfig config) {
        this.transport = AesGcmKeyring.parse(config.credentials().transportKeyring(),
                config.credentials().transportActiveKeyId());
    }

    @Incoming(Topics.WHATSAPP_APP_UPDATED)
    public void consume(WhatsAppAppUpdatedEvent event) {
        if (event == null || event.schemaVersion() != WhatsAppAppUpdatedEvent.SCHEMA_VERSION) {
            LOG.warn("skipping a whatsapp-app-updated record that is unreadable or of an unknown schema version");
            return;
        }
        try {
            apply(event);
        } catch (IllegalStateException e) {
            LOG.errorf("cannot open the secrets of WhatsApp app %s: %s", event.appId(), e.getMessage());
        }
    }

    void apply(WhatsAppAppUpdatedEvent event) {
        if (event.changeType() == ChangeType.DELETED) {
            apps.remove(event.appId());
            deletedAt.put(event.appId(), event.version());
            return;
        }
        if (deletedAt.getOrDefault(event.appId(), -1L) >= event.version()) {
            return;
        }
        if (event.reason() != null) {
            LOG.infof("WhatsApp app %s changed: %s", event.appId(), event.reason());
        }
        apps.compute(event.appId(), (id, current) -> current != null && current.version() > event.version() ? current
                : new WhatsAppApp(id, event.organizationId(), event.version(), event.phoneNumberId(), event.model(),
                        event.systemPrompt(), event.mcpPluginIds(), open(event, "accessToken", event.accessToken()),
                        open(event, "appSecret", event.appSecret()), open(event, "verifyToken", event.verifyToken()),
                        open(event, "gatewayApiKey", event.gatewayApiKey())));
    }

    public Optional<WhatsAppApp> find(UUID appId) {
        return Optional.ofNullable(apps.get(appId));
    }

    private String open(WhatsAppAppUpdatedEvent event, String field, SealedSecret sealed) {
        return transport.open(sealed, WhatsAppAppUpdatedEvent.associatedData(event.organizationId(), event.appId(), field));
    }
}
