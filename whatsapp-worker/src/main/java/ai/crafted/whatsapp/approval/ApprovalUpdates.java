package ai.crafted.whatsapp.approval;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Consumes {@code approval-updated} (group {@code whatsapp-worker-approvals}): records the state of
 * every WhatsApp approval ({@code approval_states}, newer versions only, so a redelivery changes
 * nothing) and claims each waiting turn that includes it once all of its approvals are decided
 * ({@link TurnResumer}). The offset is committed after the state is written; the resume itself runs
 * on, in the conversation's turn, and a turn whose resume is cut short is picked up from the
 * database ({@link PendingTurnSweep}). Records of other surfaces are skipped; a record that cannot
 * be written goes to {@code approval-updated.whatsapp-worker.dlq}.
 */
@ApplicationScoped
public class ApprovalUpdates {

    private static final Logger LOG = Logger.getLogger(ApprovalUpdates.class);

    private final PendingTurnStore turns;
    private final TurnResumer resumer;

    public ApprovalUpdates(PendingTurnStore turns, TurnResumer resumer) {
        this.turns = turns;
        this.resumer = resumer;
    }

    /** Records the approval's state and starts the resumes it completes. */
    @Incoming(Topics.APPROVAL_UPDATED)
    public Uni<Void> consume(ApprovalUpdatedEvent event) {
        if (event == null || event.schemaVersion() != ApprovalUpdatedEvent.SCHEMA_VERSION || event.approvalId() == null
                || event.organizationId() == null || event.status() == null) {
            LOG.warn("skipping an approval-updated record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        if (!ApprovalUpdatedEvent.SURFACE_WHATSAPP.equals(event.surface())) {
            return Uni.createFrom().voidItem();
        }
        return StoreOutage.retried(() -> turns.recordState(event), StoreOutage.CONSUMER_LIMIT)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(turnId -> resumer.resumeIfDecided(turnId).onFailure().recoverWithItem(failure -> {
                    // The state is written: the sweep claims the turn later.
                    LOG.warnf("turn %s not claimed now: %s", turnId, failure.getMessage());
                    return false;
                }))
                .collect().last()
                .replaceWithVoid();
    }
}
