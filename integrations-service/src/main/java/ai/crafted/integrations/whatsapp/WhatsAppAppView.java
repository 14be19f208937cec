package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ai.crafted.integrations.allowlist.AllowedTool;

/**
 * A WhatsApp app without its secrets. {@code selectedPlugins} and {@code notSelectedPlugins}
 * answer "why does my plugin not show up in WhatsApp" at a glance. {@code gatewayKeyStatus} is
 * {@code active}, or {@code revoked} when the app's own gateway API key was revoked (its replies
 * fail until a new key is issued: {@code POST …/whatsapp-apps/{id}/gateway-key});
 * {@code gatewayApiKeyId} is that key's id in the API-key list (never the key itself).
 * {@code allowedTools}: the only tools of the selected plugins the assistant may use (null: every
 * tool; empty: none).
 */
public record WhatsAppAppView(
        UUID id,
        String phoneNumberId,
        String displayName,
        String model,
        String systemPrompt,
        List<UUID> mcpPluginIds,
        List<AllowedTool> allowedTools,
        List<PluginRef> selectedPlugins,
        List<PluginRef> notSelectedPlugins,
        String webhookPath,
        String accessTokenFingerprint,
        String appSecretFingerprint,
        UUID gatewayApiKeyId,
        String gatewayKeyStatus,
        Health health,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * Whether the app can send: {@code ok}, or {@code needs_attention} when the Graph API refused
     * the app itself (e.g. error 190, an expired access token): its replies have stopped until
     * the app is changed (a new access token). {@code errorCode}, {@code reason} and
     * {@code since} describe the refusal (null when ok).
     */
    public record Health(String status, Integer errorCode, String reason, Instant since) {

        static final Health OK = new Health("ok", null, null, null);

        public boolean needsAttention() {
            return !"ok".equals(status);
        }
    }

    /** A plugin as apps list it; {@code lastRefreshError}: why its last catalog refresh failed, null when it worked. */
    public record PluginRef(UUID id, String slug, String displayName, int toolCount, String lastRefreshError) {
    }
}
