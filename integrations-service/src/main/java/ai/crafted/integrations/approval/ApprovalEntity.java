package ai.crafted.integrations.approval;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.events.ApprovalUpdatedEvent;

/**
 * The latest known version of one approval request, projected from gateway-service's
 * {@code approval-updated} ({@link ApprovalProjection}); the {@code decision*} fields are ours: a
 * decision sent to the gateway that its events do not show yet.
 */
@Entity
@Table(name = "approvals")
public class ApprovalEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;

    @Column(nullable = false)
    public long version;

    /** As the gateway published it; see {@link #effectiveStatus(Instant)}. */
    @Column(nullable = false)
    public String status;

    public String surface;

    @Column(name = "api_key_id")
    public UUID apiKeyId;

    public String conversation;

    @Column(name = "integration_id")
    public UUID integrationId;

    @Column(name = "tool_call_id")
    public String toolCallId;

    @Column(name = "exposed_name")
    public String exposedName;

    @Column(name = "tool_name")
    public String toolName;

    @Column(name = "tool_hash")
    public String toolHash;

    public String arguments;

    @Column(name = "arguments_sha256")
    public String argumentsSha256;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    public String reason;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The decision this service sent (true: approve), null before one was sent. */
    @Column(name = "decision_approve")
    public Boolean decisionApprove;

    @Column(name = "decision_by")
    public String decisionBy;

    @Column(name = "decision_at")
    public Instant decisionAt;

    /**
     * The status to show: {@code pending} past its expiry reads {@code expired} (the gateway
     * publishes the expiry itself, perhaps a little later; it runs no call after it anyway).
     */
    public String effectiveStatus(Instant now) {
        return ApprovalUpdatedEvent.PENDING.equals(status) && !expiresAt.isAfter(now) ? ApprovalUpdatedEvent.EXPIRED : status;
    }
}
