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
    /**
     * The version of the events of an app with a tool allowlist: a worker that knows only version
     * 1 would ignore the allowlist (every tool of the plugins), so it skips the record instead
     * (fail closed during a rolling deploy or a rollback).
     */
    public static final int TOOL_SCOPED_SCHEMA_VERSION = 2;

    /** The schema version an event of an app with this allowlist is published with. */
    public static int schemaVersionFor(List<ToolRef> allowedTools) {
        return allowedTools == null ? SCHEMA_VERSION : TOOL_SCOPED_SCHEMA_VERSION;
    }

    /** Whether this version is one a reader of this class understands. */
    public static boolean readable(int schemaVersion) {
        return schemaVersion == SCHEMA_VERSION || schemaVersion == TOOL_SCOPED_SCHEMA_VERSION;
    }

    public static String associatedData(UUID organizationId, UUID appId, String field) {
        return "whatsapp:" + organizationId + ":" + appId + ":" + field;
    }
}
