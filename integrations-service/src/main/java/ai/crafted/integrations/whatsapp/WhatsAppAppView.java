package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A WhatsApp app without its secrets. {@code selectedPlugins} and {@code notSelectedPlugins}
 * answer "why does my plugin not show up in WhatsApp" at a glance.
 */
public record WhatsAppAppView(
        UUID id,
        String phoneNumberId,
        String displayName,
        String model,
        String systemPrompt,
        List<UUID> mcpPluginIds,
        List<PluginRef> selectedPlugins,
        List<PluginRef> notSelectedPlugins,
        String webhookPath,
        String accessTokenFingerprint,
        String appSecretFingerprint,
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

    public record PluginRef(UUID id, String slug, String displayName, int toolCount) {
    }
}
