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
        Instant createdAt,
        Instant updatedAt) {

    public record PluginRef(UUID id, String slug, String displayName, int toolCount) {
    }
}
