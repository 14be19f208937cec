package ai.crafted.whatsapp.app;

import java.util.List;
import java.util.UUID;

/** An app's configuration as the worker holds it (secrets opened, in memory only). */
public record WhatsAppApp(UUID appId, UUID organizationId, long version, String phoneNumberId, String model,
        String systemPrompt, List<UUID> mcpPluginIds, String accessToken, String appSecret, String verifyToken,
        String gatewayApiKey) {

    @Override
    public String toString() {
        return "WhatsAppApp[" + appId + ", " + phoneNumberId + ", plugins=" + mcpPluginIds + "]";
    }
}
