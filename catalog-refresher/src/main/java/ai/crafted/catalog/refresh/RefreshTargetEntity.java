package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.events.McpTransport;

/**
 * The refresher's own copy of what it needs to refresh one integration's catalog, kept from
 * {@code integration-updated} events so it never reads the control panel's tables.
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

    /** The integration version this row reflects; older events are ignored. */
    @Column(name = "integration_version", nullable = false)
    public long integrationVersion;

    @Column(name = "refresh_required", nullable = false)
    public boolean refreshRequired;

    @Column(name = "last_event_id", nullable = false)
    public UUID lastEventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
