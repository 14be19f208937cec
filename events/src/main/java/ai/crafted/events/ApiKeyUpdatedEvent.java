package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published on {@link Topics#API_KEY_UPDATED}, keyed by API key id, when an organisation API key
 * is created or revoked. Carries only the SHA-256 of the key (keys are 256-bit random, so the
 * hash cannot be reversed); the gateway authenticates callers by hashing what they send.
 * {@code expiresAt}: when the key stops working (null: never); absent in events written before it
 * existed, which read as null. {@code mcpPluginIds}: the key's scope, the only plugins (integration
 * ids) the gateway may inject for it; null (and absent in older events): every plugin of the
 * organisation; empty: none. {@code allowedTools}: the only tools the gateway may inject for the
 * key (within its plugins); null (and absent in older events): every tool of those plugins.
 */
public record ApiKeyUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        ChangeType changeType,
        UUID organizationId,
        UUID apiKeyId,
        String keyHash,
        Instant expiresAt,
        List<UUID> mcpPluginIds,
        List<ToolRef> allowedTools) {

    public static final int SCHEMA_VERSION = 1;
    /**
     * The version of the events of a key with a scope: a gateway that knows only version 1 would
     * read such a key as reaching every plugin (it ignores the unknown field), so it must skip it
     * instead (the key is refused there: fail closed during a rolling deploy or a rollback).
     */
    public static final int SCOPED_SCHEMA_VERSION = 2;

    /**
     * The version of the events of a key with a tool allowlist: a gateway that knows only versions
     * 1 and 2 would read such a key as reaching every tool of its plugins, so it skips it (fail closed).
     */
    public static final int TOOL_SCOPED_SCHEMA_VERSION = 3;

    /** The schema version an event of a key with this scope is published with. */
    public static int schemaVersionFor(java.util.List<UUID> mcpPluginIds) {
        return mcpPluginIds == null ? SCHEMA_VERSION : SCOPED_SCHEMA_VERSION;
    }

    /** The schema version an event of a key with this plugin scope and tool allowlist is published with. */
    public static int schemaVersionFor(java.util.List<UUID> mcpPluginIds, java.util.List<ToolRef> allowedTools) {
        return allowedTools != null ? TOOL_SCOPED_SCHEMA_VERSION : schemaVersionFor(mcpPluginIds);
    }

    /** Whether this version is one a reader of this class understands. */
    public static boolean readable(int schemaVersion) {
        return schemaVersion == SCHEMA_VERSION || schemaVersion == SCOPED_SCHEMA_VERSION
                || schemaVersion == TOOL_SCOPED_SCHEMA_VERSION;
    }
}
