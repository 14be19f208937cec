package ai.crafted.integrations.integration;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;

/** One installed MCP server of one organisation. Every query filters on {@code organizationId}. */
@Entity
@Table(name = "integrations")
public class IntegrationEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    @Column(nullable = false, updatable = false)
    public String kind;

    @Column(nullable = false, updatable = false)
    public String slug;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    public String description;

    @Column(nullable = false)
    public String endpoint;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    public McpTransport transport;

    @Column(name = "timeout_ms")
    public Integer timeoutMs;

    /** The server's own limit on tool results passed to the model, in characters; null for the gateway's default. */
    @Column(name = "tool_result_max_chars")
    public Integer toolResultMaxChars;

    @Column(name = "credential_id")
    public UUID credentialId;

    /**
     * JSON array of tool descriptors as catalog-refresher last published them on
     * {@code catalog-updated} (a read model: the refresher owns catalogs). Valid only while
     * {@link #catalogFingerprint} matches the current configuration.
     */
    @Column(name = "tool_catalog", nullable = false)
    public String toolCatalog = "[]";

    @Column(name = "tool_count", nullable = false)
    public int toolCount;

    /**
     * JSON array of the catalog's tools as each provider profile receives them ({@code CompiledTool},
     * same order as {@link #toolCatalog}); null when stored before the compiler existed.
     */
    @Column(name = "compiled_tools")
    public String compiledTools;

    /** The tool compiler version of {@link #compiledTools} ({@code ToolCompiler.VERSION}). */
    @Column(name = "compiled_tools_version")
    public String compiledToolsVersion;

    /** The configuration fingerprint the stored catalog state describes ({@code ConfigFingerprint}). */
    @Column(name = "catalog_fingerprint")
    public String catalogFingerprint;

    /** The refresher's hash of the catalog as the server sent it. */
    @Column(name = "catalog_version")
    public String catalogVersion;

    /** The MCP protocol version the catalog was listed with. */
    @Column(name = "protocol_version")
    public String protocolVersion;

    /** The {@code catalog-updated} sequence stored; older records are ignored. */
    @Column(name = "catalog_sequence", nullable = false)
    public long catalogSequence = -1;

    @Column(name = "catalog_refreshed_at")
    public Instant catalogRefreshedAt;

    @Column(name = "last_refresh_error")
    public String lastRefreshError;

    @Column(name = "last_refresh_attempted_at")
    public Instant lastRefreshAttemptedAt;

    /** The refresh request in flight (if any) and when it was sent, so concurrent refreshes coalesce. */
    @Column(name = "refresh_request_id")
    public UUID refreshRequestId;

    @Column(name = "refresh_requested_at")
    public Instant refreshRequestedAt;

    /** The last refresh request whose result has been stored: what a waiting refresh call looks for. */
    @Column(name = "last_refresh_request_id")
    public UUID lastRefreshRequestId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public McpServerConfig config() {
        return new McpServerConfig(endpoint, transport, timeoutMs, toolResultMaxChars);
    }
}
