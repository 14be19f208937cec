package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;

/**
 * One integration as the refresher knows it: the configuration from {@code integration-updated}
 * (the refresher never reads the control panel's tables) and the catalog it last listed, with
 * the configuration fingerprint it was listed under. Each change of the catalog state is
 * published on {@code catalog-updated} with the next {@code sequence}.
 */
@Entity
@Table(name = "refresh_targets")
public class RefreshTargetEntity {

    @Id
    @Column(name = "integration_id")
    public UUID integrationId;

    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public String endpoint;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    public McpTransport transport;

    @Column(name = "timeout_ms")
    public Integer timeoutMs;

    @Column(name = "credential_id")
    public UUID credentialId;

    /** The integration version this row's configuration reflects; older events are ignored. */
    @Column(name = "integration_version", nullable = false)
    public long integrationVersion;

    /** Set when the configuration or its credential changed and the catalog was not listed again yet. */
    @Column(name = "refresh_required", nullable = false)
    public boolean refreshRequired;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_kind")
    public String lastErrorKind;

    /** The configuration fingerprint the catalog state below describes; null before the first attempt. */
    @Column(name = "catalog_fingerprint")
    public String catalogFingerprint;

    /** The credential version that fingerprint includes (to notice rotations); null without credential. */
    @Column(name = "catalog_credential_version")
    public Long catalogCredentialVersion;

    @Column(name = "catalog_version")
    public String catalogVersion;

    /** JSON array of tool descriptors; null while no listing succeeded for the fingerprint. */
    public String tools;

    @Column(name = "catalog_refreshed_at")
    public Instant catalogRefreshedAt;

    /** The sequence of the last {@code catalog-updated} record published for this integration. */
    @Column(nullable = false)
    public long sequence;

    /** The MCP protocol version of the last successful listing. */
    @Column(name = "protocol_version")
    public String protocolVersion;

    /** JSON array of each tool's version hash, in the order of {@link #tools}; null with it. */
    @Column(name = "tool_hashes")
    public String toolHashes;

    /** The last listing's 2026-07-28 {@code cacheScope} ("public" or "private"); null when the server gave none. */
    @Column(name = "cache_scope")
    public String cacheScope;

    /** The last listing's 2026-07-28 {@code ttlMs}, as sent; null when the server gave none. */
    @Column(name = "catalog_ttl_ms")
    public Long catalogTtlMs;

    /** When the scheduler lists again, from the server's TTL; null: after {@code catalog.refresh.max-age}. */
    @Column(name = "next_refresh_at")
    public Instant nextRefreshAt;

    /** A listing under way holds the target until then ({@link ListingClaims}); null: none. */
    @Column(name = "listing_claimed_until")
    public Instant listingClaimedUntil;

    public McpServerConfig config() {
        return new McpServerConfig(endpoint, transport, timeoutMs);
    }

    public void configure(McpServerConfig config, UUID credentialId) {
        this.endpoint = config.endpoint();
        this.transport = config.transport();
        this.timeoutMs = config.timeoutMs();
        this.credentialId = credentialId;
    }
}
