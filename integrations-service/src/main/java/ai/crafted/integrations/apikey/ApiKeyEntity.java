package ai.crafted.integrations.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.allowlist.ToolAllowlist;
import ai.crafted.integrations.integration.IntegrationIdList;

/** An organisation's key for the gateway; only its hash is kept. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    @Column(nullable = false)
    public String name;

    /** The first characters of the key, so people can tell their keys apart. */
    @Column(nullable = false, updatable = false)
    public String prefix;

    @Column(name = "key_hash", nullable = false, updatable = false)
    public String keyHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** When the key stops working (the gateway refuses it from then on); null: never. */
    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    /**
     * The key's scope: comma-separated integration ids, the only plugins the gateway injects for
     * it; null: every plugin of the organisation; empty: none. Fixed at creation.
     */
    @Column(name = "mcp_plugin_ids", updatable = false)
    public String mcpPluginIds;

    /**
     * The key's tool allowlist as JSON ({@link ToolAllowlist}): the only tools of its plugins the
     * gateway injects for it; null: every tool. Fixed at creation, like the scope.
     */
    @Column(name = "allowed_tools", updatable = false)
    public String allowedTools;

    /** When the gateway last took the key, to about a minute ({@code api-key-used} events); null: never. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** The scope as ids, or null for every plugin. */
    public List<UUID> pluginIds() {
        if (mcpPluginIds == null) {
            return null;
        }
        return IntegrationIdList.parse(mcpPluginIds);
    }

    /** Sets the scope; null: every plugin. */
    public void pluginIds(List<UUID> ids) {
        mcpPluginIds = ids == null ? null : IntegrationIdList.format(ids);
    }

    /** The tool allowlist, or null for every tool of the key's plugins. */
    public List<AllowedTool> toolAllowlist() {
        return ToolAllowlist.parse(allowedTools);
    }

    /** Sets the tool allowlist; null: every tool. */
    public void toolAllowlist(List<AllowedTool> tools) {
        allowedTools = ToolAllowlist.format(tools);
    }
}
