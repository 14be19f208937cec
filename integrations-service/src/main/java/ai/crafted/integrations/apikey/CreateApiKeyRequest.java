package ai.crafted.integrations.apikey;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.allowlist.AllowedTool;

/**
 * A new gateway API key: its name and, optionally, how many days it works ({@code expiresInDays},
 * 1 to {@value #MAX_DAYS}; absent: until revoked) and its scope ({@code mcpPluginIds}: the only
 * plugins the gateway injects for it, each one of the organisation's integrations, at most
 * {@value #MAX_PLUGINS}; absent or null: every plugin; empty: none) and its tool allowlist
 * ({@code allowedTools}: the only tools of those plugins the gateway injects for it; absent or
 * null: every tool; empty: none; see {@link ai.crafted.integrations.allowlist.ToolAllowlist}).
 */
public record CreateApiKeyRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Schema(examples = "whatsapp-worker") String name,
        @Min(value = 1, message = "must be at least 1 day") @Max(value = MAX_DAYS, message = "must be at most " + MAX_DAYS + " days")
        @Schema(description = "Days until the key stops working; absent: until revoked", examples = "90", nullable = true)
        Integer expiresInDays,
        @Size(max = MAX_PLUGINS, message = "must name at most " + MAX_PLUGINS + " plugins")
        @Schema(description = "The only plugins (integration ids) the gateway injects for this key; absent or null: every"
                + " plugin of the organisation; empty: none", nullable = true)
        List<@NotNull(message = "must not hold null") UUID> mcpPluginIds,
        @Schema(description = "The only tools (of the plugins in scope) the gateway injects for this key, by plugin and"
                + " MCP tool name; absent or null: every tool; empty: none. At most 500 entries", nullable = true)
        List<AllowedTool> allowedTools) {

    public static final int MAX_DAYS = 730;
    public static final int MAX_PLUGINS = 100;

    /** A key without a scope: every plugin of the organisation. */
    public CreateApiKeyRequest(String name, Integer expiresInDays) {
        this(name, expiresInDays, null, null);
    }

    /** A key with a plugin scope and every tool of those plugins. */
    public CreateApiKeyRequest(String name, Integer expiresInDays, List<UUID> mcpPluginIds) {
        this(name, expiresInDays, mcpPluginIds, null);
    }
}
