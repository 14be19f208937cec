package ai.crafted.gateway.approval;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.events.ApprovalUpdatedEvent;

/**
 * One approval request for a tool call (table {@code approvals}); its fields are those of
 * {@link ApprovalUpdatedEvent}, which is written with every change.
 */
@Entity
@Table(name = "approvals")
public class ApprovalEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    /** Grows with every change; the events carry it so readers ignore older ones. */
    @Column(nullable = false)
    public long version;

    /** {@code pending}, {@code approved}, {@code denied}, {@code expired} or {@code used} ({@link ApprovalUpdatedEvent}). */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false, updatable = false)
    public String surface;

    @Column(name = "api_key_id", nullable = false, updatable = false)
    public UUID apiKeyId;

    @Column(updatable = false)
    public String conversation;

    @Column(name = "integration_id", nullable = false, updatable = false)
    public UUID integrationId;

    @Column(name = "tool_call_id", nullable = false, updatable = false)
    public String toolCallId;

    @Column(name = "exposed_name", nullable = false, updatable = false)
    public String exposedName;

    @Column(name = "tool_name", nullable = false, updatable = false)
    public String toolName;

    @Column(name = "tool_hash", nullable = false, updatable = false)
    public String toolHash;

    /** JSON text as the model wrote it. */
    @Column(nullable = false, updatable = false)
    public String arguments;

    @Column(name = "arguments_sha256", nullable = false, updatable = false)
    public String argumentsSha256;

    /** SHA-256 of the whole waiting turn's tool calls ({@link ToolApprovals#turnSha256}). */
    @Column(name = "turn_sha256", nullable = false, updatable = false)
    public String turnSha256;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column
    public String reason;

    @Column(name = "used_at")
    public Instant usedAt;

    /** Whether it may still be decided or used at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The event that tells this state. */
    public ApprovalUpdatedEvent toEvent() {
        return new ApprovalUpdatedEvent(ApprovalUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), organizationId, id,
                version, status, surface, apiKeyId, conversation, integrationId, toolCallId, exposedName, toolName, toolHash,
                arguments, argumentsSha256, requestedAt, expiresAt, decidedAt, decidedBy, reason);
    }
}
