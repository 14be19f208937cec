package ai.crafted.integrations.approval;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;

/**
 * Keeps the latest version of each approval from {@code approval-updated}: a version not newer
 * than the one held (a redelivery, or an older one arriving late) changes nothing, and neither does
 * an event naming another organisation than the approval's.
 */
@ApplicationScoped
public class ApprovalProjection {

    private static final Logger LOG = Logger.getLogger(ApprovalProjection.class);
    /** Longest argument text kept (the gateway bounds a call's arguments well below this). */
    static final int MAX_ARGUMENT_CHARS = 256 * 1024;

    private final ApprovalRepository approvals;

    public ApprovalProjection(ApprovalRepository approvals) {
        this.approvals = approvals;
    }

    /** Stores the event's state unless an equal or newer version is held; answers whether it was stored. */
    @WithTransaction
    public Uni<Boolean> apply(ApprovalUpdatedEvent event) {
        return approvals.findById(event.approvalId()).chain(held -> {
            if (held != null && !held.organizationId.equals(event.organizationId())) {
                LOG.warnf("skipping approval-updated for approval %s: it names another organisation", event.approvalId());
                return Uni.createFrom().item(false);
            }
            if (held != null && held.version >= event.version()) {
                return Uni.createFrom().item(false);
            }
            ApprovalEntity row = held != null ? held : new ApprovalEntity();
            copy(event, row);
            if (held != null) {
                return Uni.createFrom().item(true);
            }
            return approvals.persist(row).chain(() -> ApprovalUpdatedEvent.PENDING.equals(event.status())
                    ? queueWebhook(event) : Uni.createFrom().voidItem()).replaceWith(true);
        });
    }

    /**
     * A new pending approval is POSTed to the organisation's webhook, if it has one
     * ({@link ApprovalWebhookDeliveries}): queued in this transaction, so it is sent once the
     * approval is stored, whatever happens next.
     */
    private Uni<Void> queueWebhook(ApprovalUpdatedEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into approval_webhook_deliveries"
                + " (organization_id, approval_id, body, next_attempt_at) select ?1, ?2, ?3, now() where exists"
                + " (select 1 from approval_webhooks where organization_id = ?1) on conflict (organization_id, approval_id) do nothing")
                .setParameter(1, event.organizationId()).setParameter(2, event.approvalId())
                .setParameter(3, EventJson.write(event)).executeUpdate()).replaceWithVoid();
    }

    private static void copy(ApprovalUpdatedEvent event, ApprovalEntity row) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.id = event.approvalId();
        row.organizationId = event.organizationId();
        row.version = event.version();
        row.status = event.status();
        row.surface = event.surface();
        row.apiKeyId = event.apiKeyId();
        row.conversation = clean(event.conversation());
        row.integrationId = event.integrationId();
        row.toolCallId = clean(event.toolCallId());
        row.exposedName = clean(event.exposedName());
        row.toolName = clean(event.toolName());
        row.toolHash = clean(event.toolHash());
        String arguments = clean(event.arguments());
        row.arguments = arguments != null && arguments.length() > MAX_ARGUMENT_CHARS
                ? arguments.substring(0, MAX_ARGUMENT_CHARS) : arguments;
        row.argumentsSha256 = clean(event.argumentsSha256());
        row.requestedAt = event.requestedAt() == null ? now : event.requestedAt();
        row.expiresAt = event.expiresAt() == null ? row.requestedAt : event.expiresAt();
        row.decidedAt = event.decidedAt();
        row.decidedBy = clean(event.decidedBy());
        row.reason = clean(event.reason());
        row.eventId = event.eventId();
        row.updatedAt = now;
        // decision*: what we sent is kept, for the record (the gateway's version carries the outcome).
    }

    /** PostgreSQL refuses NUL in text. */
    private static String clean(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
