package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.allowlist.ToolAllowlist;
import ai.crafted.integrations.integration.IntegrationIdList;

/** A WhatsApp number answered by the assistant, with the MCP plugins it may use. */
@Entity
@Table(name = "whatsapp_apps")
public class WhatsAppAppEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    @Column(name = "phone_number_id", nullable = false)
    public String phoneNumberId;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public String model;

    @Column(name = "system_prompt")
    public String systemPrompt;

    /** Comma-separated integration ids, in the order they were selected. */
    @Column(name = "mcp_plugin_ids", nullable = false)
    public String mcpPluginIds = "";

    /**
     * The tool allowlist as JSON ({@link ToolAllowlist}): the only tools of the selected plugins the
     * assistant may use; null: every tool. Its entries are always of selected plugins.
     */
    @Column(name = "allowed_tools")
    public String allowedTools;

    @Column(name = "access_token_sealed", nullable = false)
    public String accessTokenSealed;

    @Column(name = "app_secret_sealed", nullable = false)
    public String appSecretSealed;

    @Column(name = "verify_token_sealed", nullable = false)
    public String verifyTokenSealed;

    @Column(name = "access_token_fingerprint", nullable = false)
    public String accessTokenFingerprint;

    @Column(name = "app_secret_fingerprint", nullable = false)
    public String appSecretFingerprint;

    /** Replaced when an admin issues the app a new gateway key (after the old one was revoked). */
    @Column(name = "gateway_api_key_id", nullable = false)
    public UUID gatewayApiKeyId;

    @Column(name = "gateway_key_sealed", nullable = false)
    public String gatewayKeySealed;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** whatsapp-worker's word on the app ({@code needs_attention}), for {@link #healthAppVersion}; null: none. */
    @Column(name = "health_status")
    public String healthStatus;

    @Column(name = "health_error_code")
    public Integer healthErrorCode;

    @Column(name = "health_reason")
    public String healthReason;

    @Column(name = "health_since")
    public Instant healthSince;

    /** The configuration version the health word is about: it no longer applies once the app changed. */
    @Column(name = "health_app_version")
    public Long healthAppVersion;

    public List<UUID> pluginIds() {
        return IntegrationIdList.parse(mcpPluginIds);
    }

    public void pluginIds(List<UUID> ids) {
        mcpPluginIds = IntegrationIdList.format(ids);
    }

    /** The tool allowlist, or null for every tool of the selected plugins. */
    public List<AllowedTool> toolAllowlist() {
        return ToolAllowlist.parse(allowedTools);
    }

    /** Sets the tool allowlist; null: every tool. */
    public void toolAllowlist(List<AllowedTool> tools) {
        allowedTools = ToolAllowlist.format(tools);
    }
}
