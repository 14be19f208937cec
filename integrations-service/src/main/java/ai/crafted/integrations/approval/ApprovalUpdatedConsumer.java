package ai.crafted.integrations.approval;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/**
 * Projects gateway-service's {@code approval-updated} (group {@code integrations-service}) for the
 * Approvals page and API ({@link ApprovalProjection}); the offset is committed after the write, an
 * unreadable record is skipped, one whose write keeps failing goes to the dead-letter topic.
 */
@ApplicationScoped
public class ApprovalUpdatedConsumer {

    private static final Logger LOG = Logger.getLogger(ApprovalUpdatedConsumer.class);

    private final ApprovalProjection projection;

    public ApprovalUpdatedConsumer(ApprovalProjection projection) {
        this.projection = projection;
    }

    /** Keeps one approval's state (retried through a store outage). */
    @Incoming(Topics.APPROVAL_UPDATED)
    public Uni<Void> consume(ApprovalUpdatedEvent event) {
        if (event == null || event.schemaVersion() != ApprovalUpdatedEvent.SCHEMA_VERSION || event.approvalId() == null
                || event.organizationId() == null || event.status() == null || event.requestedAt() == null
                || event.expiresAt() == null) {
            LOG.warn("skipping an approval-updated record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return StoreOutage.retried(() -> projection.apply(event), StoreOutage.CONSUMER_LIMIT).replaceWithVoid();
    }
}
