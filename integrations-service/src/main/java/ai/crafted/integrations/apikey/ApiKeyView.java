package ai.crafted.integrations.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.crafted.integrations.allowlist.AllowedTool;

/**
 * An API key as listed; {@code key} is present only in the answer to its creation, the one time
 * it is shown; {@code expiresAt} (null: never) is when the gateway stops taking it;
 * {@code mcpPluginIds} its scope (null: every plugin of the organisation); {@code lastUsedAt}
 * when the gateway last took it, to about a minute (null: never); {@code allowedTools} its tool
 * allowlist (absent: every tool of its plugins; empty: none).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApiKeyView(UUID id, String name, String prefix, String key, Instant createdAt, Instant revokedAt,
        Instant expiresAt, List<UUID> mcpPluginIds, Instant lastUsedAt, List<AllowedTool> allowedTools) {

    static ApiKeyView of(ApiKeyEntity e) {
        return created(e, null);
    }

    static ApiKeyView created(ApiKeyEntity e, String key) {
        return new ApiKeyView(e.id, e.name, e.prefix, key, e.createdAt, e.revokedAt, e.expiresAt, e.pluginIds(), e.lastUsedAt,
                e.toolAllowlist());
    }

    /** The same key with its secret, for the one page that shows it. */
    public ApiKeyView withKey(String secret) {
        return new ApiKeyView(id, name, prefix, secret, createdAt, revokedAt, expiresAt, mcpPluginIds, lastUsedAt, allowedTools);
    }

    /** Whether the key is past its expiry now. */
    public boolean expired() {
        return expiresAt != null && !Instant.now().isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "ApiKeyView[" + id + ", " + name + ", " + prefix + "]";
    }
}
