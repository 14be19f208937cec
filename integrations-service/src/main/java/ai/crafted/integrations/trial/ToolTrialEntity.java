package ai.crafted.integrations.trial;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One "Try tool" call: what was asked, by whom, and what the gateway answered. */
@Entity
@Table(name = "tool_trials")
public class ToolTrialEntity {

    /** The status of a trial the gateway has not answered yet. */
    public static final String PENDING = "pending";

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    @Column(name = "integration_id", nullable = false, updatable = false)
    public UUID integrationId;

    /** The tool's MCP name. */
    @Column(name = "tool_name", nullable = false, updatable = false)
    public String toolName;

    /** One JSON object, as text. */
    @Column(nullable = false, updatable = false)
    public String arguments;

    /** The subject of the admin who asked. */
    @Column(name = "requested_by", updatable = false)
    public String requestedBy;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    /** After this the gateway does not run it. */
    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    /** {@value #PENDING}, then the gateway's outcome. */
    @Column(nullable = false)
    public String status;

    @Column
    public String result;

    @Column(name = "duration_ms")
    public Long durationMs;

    @Column(name = "completed_at")
    public Instant completedAt;
}
