package ai.crafted.whatsapp.app;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ChangeType;
import ai.crafted.events.SealedSecret;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.replay.ReadYourWrites;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.replay.ReplayedView;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.secrets.Transport;

/**
 * Every WhatsApp app's configuration, replayed from the compacted {@code whatsapp-app-updated}
 * topic into memory (each instance reads it all; a {@link ReplayedView} keyed by app id): the
 * webhook needs the app secret and verify token, the worker the selected plugins, tokens and
 * gateway key. The worker is not ready before it holds the apps that existed at its start.
 */
@ApplicationScoped
public class AppRegistry {

    private static final Logger LOG = Logger.getLogger(AppRegistry.class);

    private final ReplayedView<UUID, WhatsAppApp> apps = new ReplayedView<>();
    private final AesGcmKeyring transport;
    private final ReplayProgress replay;
    private final ReadYourWrites readYourWrites;

    public AppRegistry(@Transport AesGcmKeyring transport, ReplayProgress replay, ReadYourWrites readYourWrites) {
        this.transport = transport;
        this.replay = replay;
        this.readYourWrites = readYourWrites;
    }

    @Incoming(Topics.WHATSAPP_APP_UPDATED)
    public void consume(ConsumerRecord<String, WhatsAppAppUpdatedEvent> record) {
        WhatsAppAppUpdatedEvent event = record.value();
        if (event == null || !WhatsAppAppUpdatedEvent.readable(event.schemaVersion())) {
            LOG.warn("skipping a whatsapp-app-updated record that is unreadable or of an unknown schema version");
        } else {
            try {
                apply(event);
            } catch (IllegalStateException e) {
                LOG.errorf("cannot open the secrets of WhatsApp app %s: %s", event.appId(), e.getMessage());
            }
        }
        replay.consumed(record);
    }

    void apply(WhatsAppAppUpdatedEvent event) {
        if (event.changeType() == ChangeType.DELETED) {
            apps.apply(event.appId(), event.version(), null);
            return;
        }
        if (apps.versionOf(event.appId()).orElse(Long.MIN_VALUE) > event.version()) {
            return; // older than what we hold: not worth opening its secrets
        }
        if (event.reason() != null) {
            LOG.infof("WhatsApp app %s changed: %s", event.appId(), event.reason());
        }
        apps.apply(event.appId(), event.version(), new WhatsAppApp(event.appId(), event.organizationId(),
                event.version(), event.phoneNumberId(), event.model(), event.systemPrompt(), event.mcpPluginIds(),
                open(event, "accessToken", event.accessToken()), open(event, "appSecret", event.appSecret()),
                open(event, "verifyToken", event.verifyToken()), open(event, "gatewayApiKey", event.gatewayApiKey()),
                event.allowedTools() == null ? null : java.util.List.copyOf(event.allowedTools())));
    }

    /** The app as this instance's view holds it now (empty when unknown or deleted). */
    public Optional<WhatsAppApp> find(UUID appId) {
        return apps.get(appId);
    }

    /**
     * The app as the topic holds it: at once when this instance has it, otherwise after catching
     * up with the topic ({@link ReadYourWrites}, bounded by {@code replay.read-your-writes.max-wait}).
     * A message or an operator's command names an app that another instance already knew (its
     * webhook took the message, the control panel wrote the app); this instance's view may be a
     * moment behind, and dropping the message for that would lose it. Empty only when the app is
     * still unknown after the catch-up (deleted, or never created).
     */
    public Uni<Optional<WhatsAppApp>> findCurrent(UUID appId) {
        Optional<WhatsAppApp> app = find(appId);
        return app.isPresent() ? Uni.createFrom().item(app) : readYourWrites.await().map(ignored -> find(appId));
    }

    private String open(WhatsAppAppUpdatedEvent event, String field, SealedSecret sealed) {
        return transport.open(sealed, WhatsAppAppUpdatedEvent.associatedData(event.organizationId(), event.appId(), field));
    }
}
