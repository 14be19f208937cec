package ai.crafted.whatsapp.app;

import java.util.List;
import java.util.UUID;

import ai.crafted.events.ToolRef;

/**
 * An app's configuration as the worker holds it (secrets opened, in memory only).
 *
 * @param allowedTools the only tools of the selected plugins its conversations may use (sent as the
 *                     chat request's {@code allowed_tools}); null: every tool of them
 */
public record WhatsAppApp(UUID appId, UUID organizationId, long version, String phoneNumberId, String model,
        String systemPrompt, List<UUID> mcpPluginIds, String accessToken, String appSecret, String verifyToken,
        String gatewayApiKey, List<ToolRef> allowedTools) {

    @Override
    public String toString() {
        return "WhatsAppApp[" + appId + ", " + phoneNumberId + ", plugins=" + mcpPluginIds + "]";
    }
}
