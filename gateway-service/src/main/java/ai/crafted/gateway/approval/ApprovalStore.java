package ai.crafted.gateway.approval;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.outbox.Outbox;

/**
 * The gateway's approvals (table {@code approvals}): created when the model calls a tool that
 * needs a human's approval, decided by {@code approval-decided} commands, used once, expired.
 * Every change is one transaction that also writes the {@code approval-updated} event to the
 * outbox, so what the control panel and the WhatsApp worker see is exactly what is stored.
 */
@ApplicationScoped
public class ApprovalStore {

    private static final Logger LOG = Logger.getLogger(ApprovalStore.class);

    /** One call that waits for approval, as the loop saw it. */
    public record PendingCall(UUID integrationId, String toolCallId, String exposedName, String toolName, String toolHash,
            String arguments, String argumentsSha256, String turnSha256) {
    }

    private final Outbox outbox;
    private final Duration ttl;

    public ApprovalStore(Outbox outbox, GatewayConfig config) {
        this.outbox = outbox;
        this.ttl = config.approvals().ttl();
    }

    /** Creates one pending approval per call, each expiring {@code gateway.approvals.ttl} from now. */
    @WithTransaction
    public Uni<List<ApprovalEntity>> request(ApprovalScope scope, List<PendingCall> calls) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ApprovalEntity> rows = new ArrayList<>();
        for (PendingCall call : calls) {
            ApprovalEntity row = new ApprovalEntity();
            row.id = UUID.randomUUID();
            row.organizationId = scope.organizationId();
            row.version = 1;
            row.status = ApprovalUpdatedEvent.PENDING;
            row.surface = scope.surface();
            row.apiKeyId = scope.apiKeyId();
            row.conversation = scope.conversation();
            row.integrationId = call.integrationId();
            row.toolCallId = call.toolCallId();
            row.exposedName = call.exposedName();
            row.toolName = call.toolName();
            row.toolHash = call.toolHash();
            row.arguments = call.arguments();
            row.argumentsSha256 = call.argumentsSha256();
            row.turnSha256 = call.turnSha256();
            row.requestedAt = now;
            row.expiresAt = now.plus(ttl);
            rows.add(row);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApprovalEntity row : rows) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.persist(row)))
                    .chain(() -> publish(row));
        }
        return chain.replaceWith(rows);
    }

    /** The organisation's approvals among {@code ids}; others' and unknown ids are simply absent. */
    @WithSession
    public Uni<List<ApprovalEntity>> find(UUID organizationId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from ApprovalEntity where organizationId = :org and id in :ids", ApprovalEntity.class)
                .setParameter("org", organizationId).setParameter("ids", ids).getResultList());
    }

    /**
     * Marks approved, unexpired approvals used, all or none (one transaction): the single use.
     *
     * @return true when every one of {@code ids} was approved, unexpired and not used before; false
     *         (nothing changed) when another request used one first, or one expired meanwhile
     */
    @WithTransaction
    public Uni<Boolean> use(UUID organizationId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        Instant now = Instant.now();
        return Panache.getSession().chain(session -> session.createMutationQuery("update ApprovalEntity set status = :used,"
                        + " usedAt = :now, version = version + 1 where organizationId = :org and id in :ids and status = :approved"
                        + " and expiresAt > :now")
                .setParameter("used", ApprovalUpdatedEvent.USED).setParameter("now", now).setParameter("org", organizationId)
                .setParameter("ids", ids).setParameter("approved", ApprovalUpdatedEvent.APPROVED).executeUpdate())
                .chain(updated -> {
                    if (updated != ids.size()) {
                        // Rolls back the whole transaction: none of them is used.
                        return Uni.createFrom().failure(new NotAllUsable());
                    }
                    return Panache.getSession().chain(session -> session
                            .createSelectionQuery("from ApprovalEntity where id in :ids", ApprovalEntity.class)
                            .setParameter("ids", ids).getResultList())
                            .chain(rows -> publishAll(rows)).replaceWith(true);
                })
                .onFailure(NotAllUsable.class).recoverWithItem(false);
    }

    /** Signals a single use that lost (rolls back the transaction it runs in). */
    private static final class NotAllUsable extends RuntimeException {
        NotAllUsable() {
            super(null, null, false, false);
        }
    }

    /**
     * Applies a human's decision to a pending, unexpired approval of the same organisation;
     * anything else (unknown, another organisation's, decided, expired) is skipped and logged.
     */
    @WithTransaction
    public Uni<Void> decide(ApprovalDecidedEvent decision) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String reason = decision.reason() == null ? null : decision.reason().substring(0, Math.min(500, decision.reason().length()));
        // One conditional update: a decision never overwrites an approval used or expired meanwhile
        // (by another instance), so every version number is written once.
        return Panache.getSession().chain(session -> session.createMutationQuery("update ApprovalEntity set status = :status,"
                        + " decidedAt = :now, decidedBy = :by, reason = :reason, version = version + 1 where id = :id"
                        + " and organizationId = :org and status = :pending and expiresAt > :now")
                .setParameter("status", decision.approve() ? ApprovalUpdatedEvent.APPROVED : ApprovalUpdatedEvent.DENIED)
                .setParameter("now", now).setParameter("by", decision.decidedBy()).setParameter("reason", reason)
                .setParameter("id", decision.approvalId()).setParameter("org", decision.organizationId())
                .setParameter("pending", ApprovalUpdatedEvent.PENDING).executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        LOG.infof("skipping a decision on approval %s: not a pending, unexpired approval of its organisation",
                                decision.approvalId());
                        return Uni.createFrom().voidItem();
                    }
                    return Panache.getSession().chain(session -> session.find(ApprovalEntity.class, decision.approvalId()))
                            .chain(this::publish);
                });
    }

    /**
     * Marks pending and approved approvals past their expiry as expired (at most {@code limit} per
     * call, oldest first), each with its event.
     *
     * @return how many expired
     */
    @WithTransaction
    public Uni<Integer> expireDue(int limit) {
        Instant now = Instant.now();
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select id from ApprovalEntity where status in (:pending, :approved) and expiresAt <= :now"
                        + " order by expiresAt", UUID.class)
                .setParameter("pending", ApprovalUpdatedEvent.PENDING).setParameter("approved", ApprovalUpdatedEvent.APPROVED)
                .setParameter("now", now).setMaxResults(limit).getResultList())
                .chain(ids -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (UUID id : ids) {
                        chain = chain.chain(count -> expire(id, now).map(expired -> expired ? count + 1 : count));
                    }
                    return chain;
                });
    }

    /** Expires one approval if it is still pending or approved (not used or decided by another instance meanwhile). */
    private Uni<Boolean> expire(UUID id, Instant now) {
        return Panache.getSession().chain(session -> session.createMutationQuery("update ApprovalEntity set status = :expired,"
                        + " reason = case when decidedAt is null then :undecided else :unused end, version = version + 1"
                        + " where id = :id and status in (:pending, :approved) and expiresAt <= :now")
                .setParameter("expired", ApprovalUpdatedEvent.EXPIRED).setParameter("undecided", "not decided before it expired")
                .setParameter("unused", "not used before it expired").setParameter("id", id)
                .setParameter("pending", ApprovalUpdatedEvent.PENDING).setParameter("approved", ApprovalUpdatedEvent.APPROVED)
                .setParameter("now", now).executeUpdate())
                .chain(updated -> updated == 0 ? Uni.createFrom().item(false)
                        : Panache.getSession().chain(session -> session.find(ApprovalEntity.class, id)).chain(this::publish)
                                .replaceWith(true));
    }

    private Uni<Void> publishAll(List<ApprovalEntity> rows) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApprovalEntity row : rows) {
            chain = chain.chain(() -> publish(row));
        }
        return chain;
    }

    private Uni<Void> publish(ApprovalEntity row) {
        return outbox.enqueue(Topics.APPROVAL_UPDATED, row.id.toString(), row.toEvent());
    }
}
