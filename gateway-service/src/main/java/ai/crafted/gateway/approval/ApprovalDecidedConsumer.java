package ai.crafted.gateway.approval;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.Topics;

/**
 * Applies humans' decisions from the control panel ({@code approval-decided}) to the approvals
 * table. One consumer group for every gateway instance (each decision is applied once); the
 * offset is committed after the transaction, and a record that fails goes to
 * {@code approval-decided.gateway-service.dlq}.
 */
@ApplicationScoped
public class ApprovalDecidedConsumer {

    private static final Logger LOG = Logger.getLogger(ApprovalDecidedConsumer.class);

    private final ApprovalStore store;

    public ApprovalDecidedConsumer(ApprovalStore store) {
        this.store = store;
    }

    @Incoming(Topics.APPROVAL_DECIDED)
    public Uni<Void> consume(ApprovalDecidedEvent decision) {
        if (decision == null || decision.schemaVersion() != ApprovalDecidedEvent.SCHEMA_VERSION || decision.approvalId() == null
                || decision.organizationId() == null) {
            LOG.warn("skipping an approval-decided record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return store.decide(decision);
    }
}
