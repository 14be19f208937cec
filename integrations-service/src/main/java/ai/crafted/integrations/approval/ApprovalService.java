package ai.crafted.integrations.approval;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.consistency.AnswerPolling;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.Paging;
import ai.crafted.outbox.Outbox;

/**
 * Reading and deciding approvals of tool calls. The gateway owns them: a decision is a command
 * ({@link ApprovalDecidedEvent} on {@code approval-decided}, through the outbox) written with its
 * audit line and a note on our copy (so it is sent once) in one transaction; the gateway applies it
 * to a pending, unexpired approval and publishes the outcome on {@code approval-updated}, which we
 * wait for up to {@code integrations.approvals.answer-wait}.
 */
@ApplicationScoped
public class ApprovalService {

    /** Audit actions of a decision. */
    public static final String APPROVED_ACTION = "approval.approved";
    public static final String DENIED_ACTION = "approval.denied";
    /** Audit target type of an approval. */
    public static final String TARGET_TYPE = "approval";

    private final ApprovalRepository approvals;
    private final ApprovalAskers askers;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AnswerPolling polling;
    private final IntegrationsConfig config;
    private final ObjectMapper json;

    public ApprovalService(ApprovalRepository approvals, ApprovalAskers askers, Outbox outbox, AuditLog audit,
            AnswerPolling polling, IntegrationsConfig config, ObjectMapper json) {
        this.approvals = approvals;
        this.askers = askers;
        this.outbox = outbox;
        this.audit = audit;
        this.polling = polling;
        this.config = config;
        this.json = json;
    }

    /** A page of the organisation's approvals that pass the filter, the newest request first. */
    @WithSession
    public Uni<ApprovalPage> list(UUID organizationId, ApprovalFilter filter, Paging paging) {
        String from = " from ApprovalEntity a where a.organizationId = :org and " + filter.where;
        Instant now = Instant.now();
        return Panache.getSession().chain(session -> {
            var rows = session.createSelectionQuery("select a" + from + " order by a.requestedAt desc, a.id", ApprovalEntity.class)
                    .setParameter("org", organizationId);
            var count = session.createSelectionQuery("select count(a)" + from, Long.class).setParameter("org", organizationId);
            if (filter.where.contains(":now")) {
                rows.setParameter("now", now);
                count.setParameter("now", now);
            }
            return rows.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList()
                    .chain(found -> count.getSingleResult().chain(total -> askers.views(organizationId, found)
                            .map(views -> new ApprovalPage(views, paging.page(), paging.size(), total))));
        });
    }

    /** How many approvals wait for a decision in each of the organisations (those with none are absent). */
    @WithSession
    public Uni<java.util.Map<UUID, Long>> pendingCounts(java.util.Set<UUID> organizationIds) {
        if (organizationIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery("select a.organizationId, count(a)"
                + " from ApprovalEntity a where a.organizationId in :orgs and a.status = 'pending' and a.expiresAt > :now"
                + " group by a.organizationId", Object[].class)
                .setParameter("orgs", organizationIds).setParameter("now", Instant.now()).getResultList())
                .map(rows -> {
                    java.util.Map<UUID, Long> counts = new java.util.HashMap<>();
                    rows.forEach(r -> counts.put((UUID) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** One approval of the organisation, or 404 {@code not_found} (another organisation's too). */
    @WithSession
    public Uni<ApprovalView> get(UUID organizationId, UUID approvalId) {
        return owned(organizationId, approvalId, false).chain(row -> view(organizationId, row));
    }

    /**
     * Approves or denies a pending approval, then waits briefly for the gateway to apply it.
     *
     * @param decidedBy the user's subject, sent to the gateway and written to the audit log
     * @param reason    the approver's note (at most {@value ApprovalDecisionRequest#MAX_REASON} characters), or null
     * @return the approval as it then reads: decided when the gateway answered in time, else still
     *         pending with {@link ApprovalView#sentDecision()} set
     * @throws ApiException 404 {@code not_found} for an unknown or another organisation's approval;
     *                      409 {@code approval_not_pending} when it is no longer pending or a decision
     *                      was already sent; 409 {@code approval_expired} when its time ran out
     */
    public Uni<ApprovalView> decide(UUID organizationId, UUID approvalId, boolean approve, String reason, String decidedBy) {
        Instant deadline = Instant.now().plus(config.approvals().answerWait());
        return Panache.withTransaction(() -> owned(organizationId, approvalId, true)
                .chain(row -> send(row, approve, reason, decidedBy)))
                .chain(() -> polling.until(() -> Panache.withSession(() -> approvals.findById(approvalId)),
                        row -> !ApprovalUpdatedEvent.PENDING.equals(row.status), deadline))
                .chain(row -> Panache.withSession(() -> view(organizationId, row)));
    }

    private Uni<Void> send(ApprovalEntity row, boolean approve, String reason, String decidedBy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!ApprovalUpdatedEvent.PENDING.equals(row.status)) {
            throw new ApiException(409, ErrorCodes.APPROVAL_NOT_PENDING, "this approval is " + row.status
                    + ": only a pending one can be approved or denied", null);
        }
        if (row.decisionAt != null) {
            throw new ApiException(409, ErrorCodes.APPROVAL_NOT_PENDING, "this approval was already "
                    + (Boolean.TRUE.equals(row.decisionApprove) ? "approved" : "denied") + " by " + row.decisionBy
                    + "; the gateway applies the decision shortly", null);
        }
        if (!row.expiresAt.isAfter(now)) {
            throw new ApiException(409, ErrorCodes.APPROVAL_EXPIRED, "this approval expired at " + row.expiresAt
                    + ": the gateway runs no call after that, so the model's request must be repeated", null);
        }
        row.decisionApprove = approve;
        row.decisionBy = decidedBy;
        row.decisionAt = now;
        var command = new ApprovalDecidedEvent(ApprovalDecidedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, row.organizationId,
                row.id, approve, decidedBy, reason);
        ObjectNode details = json.createObjectNode().put("exposedName", row.exposedName).put("toolName", row.toolName)
                .put("toolHash", row.toolHash).put("argumentsSha256", row.argumentsSha256).put("surface", row.surface)
                .put("reason", reason);
        details.put("integrationId", row.integrationId == null ? null : row.integrationId.toString());
        details.put("apiKeyId", row.apiKeyId == null ? null : row.apiKeyId.toString());
        return outbox.enqueue(Topics.APPROVAL_DECIDED, row.id.toString(), command)
                .chain(() -> audit.record(row.organizationId, decidedBy, approve ? APPROVED_ACTION : DENIED_ACTION, TARGET_TYPE,
                        row.id.toString(), details));
    }

    /** The organisation's approval (locked for update when asked), or 404 {@code not_found}. */
    private Uni<ApprovalEntity> owned(UUID organizationId, UUID approvalId, boolean forUpdate) {
        return (forUpdate ? approvals.findById(approvalId, LockModeType.PESSIMISTIC_WRITE) : approvals.findById(approvalId))
                .map(row -> {
                    if (row == null || !row.organizationId.equals(organizationId)) {
                        throw ApiException.notFound("approval " + approvalId);
                    }
                    return row;
                });
    }

    private Uni<ApprovalView> view(UUID organizationId, ApprovalEntity row) {
        return askers.views(organizationId, List.of(row)).map(views -> views.get(0));
    }
}
