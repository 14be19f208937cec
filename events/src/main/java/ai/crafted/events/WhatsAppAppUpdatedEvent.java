package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;


/**
 * Published on {@link Topics#WHATSAPP_APP_UPDATED}, keyed by app id, after every change of a
 * WhatsApp app (including a plugin removed from its selection because the integration was
 * deleted). Secrets travel sealed with the transport keyring; associated data
 * {@code whatsapp:<organizationId>:<appId>:<field>}.
 *
 * @param gatewayApiKey the organisation API key the worker calls the gateway with (sealed)
 * @param allowedTools  the only tools of the selected plugins the app's conversations may use
 *                      (the worker sends them as the request's {@code allowed_tools}); null (and
 *                      absent in older events): every tool of the selected plugins
 */
public record WhatsAppAppUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        ChangeType changeType,
        UUID organizationId,
        UUID appId,
        long version,
        String phoneNumberId,
        String displayName,
        String model,
        String systemPrompt,
        List<UUID> mcpPluginIds,
        String reason,
        SealedSecret accessToken,
        SealedSecret appSecret,
        SealedSecret verifyToken,
        SealedSecret gatewayApiKey,
        List<ToolRef> allowedTools) {

    public static final int SCHEMA_VERSION = 1;

    public static String associatedData(UUID organizationId, UUID appId, String field) {
        return "whatsapp:" + organizationId + ":" + appId + ":" + field;
    }
}
