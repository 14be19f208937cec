package ai.crafted.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import ai.crafted.events.ChangeType;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.kafka.TopicWriter;

/** Publishes what the control panel would for a WhatsApp app, sealed with the test transport key. */
public final class WhatsAppFixtures {

    /** The app secret that signs deliveries and the verify token of every app published here. */
    public static final String APP_SECRET = "app-secret-123";
    public static final String VERIFY_TOKEN = "verify-token-123";

    private WhatsAppFixtures() {
    }

    /** Publishes an app (model {@code gpt-test}, system prompt "You help customers.") on {@code whatsapp-app-updated}. */
    public static void publishApp(UUID organization, UUID app, String phone, List<UUID> plugins) {
        publishApp(organization, app, phone, plugins, 0);
    }

    /** As {@link #publishApp(UUID, UUID, String, List)}, as this version of the app's configuration. */
    public static void publishApp(UUID organization, UUID app, String phone, List<UUID> plugins, long version) {
        TopicWriter.send(Topics.WHATSAPP_APP_UPDATED, app.toString(), appEvent(organization, app, phone, plugins, version));
    }

    /** The event {@link #publishApp(UUID, UUID, String, List, long)} publishes. */
    public static WhatsAppAppUpdatedEvent appEvent(UUID organization, UUID app, String phone, List<UUID> plugins, long version) {
        var config = ConfigProvider.getConfig();
        AesGcmKeyring keyring = AesGcmKeyring.parse(config.getValue("credentials.transport.keyring", String.class),
                config.getValue("credentials.transport.active-key-id", String.class));
        return new WhatsAppAppUpdatedEvent(
                WhatsAppAppUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), ChangeType.CREATED, organization, app, version,
                phone, "Support line", "gpt-test", "You help customers.", plugins, null,
                keyring.seal("access-token-123", WhatsAppAppUpdatedEvent.associatedData(organization, app, "accessToken")),
                keyring.seal(APP_SECRET, WhatsAppAppUpdatedEvent.associatedData(organization, app, "appSecret")),
                keyring.seal(VERIFY_TOKEN, WhatsAppAppUpdatedEvent.associatedData(organization, app, "verifyToken")),
                keyring.seal("crk_gateway_key", WhatsAppAppUpdatedEvent.associatedData(organization, app, "gatewayApiKey")), null);
    }
}
