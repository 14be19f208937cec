package ai.crafted.catalog.refresh;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;

/** Keeps {@code refresh_targets} in step with the integrations the control panel reports. */
@ApplicationScoped
public class RefreshTargetService {

    private static final Logger LOG = Logger.getLogger(RefreshTargetService.class);

    private final RefreshTargetRepository repository;

    public RefreshTargetService(RefreshTargetRepository repository) {
        this.repository = repository;
    }

    /**
     * Applies one event idempotently: a redelivered or out-of-date event (version not newer than
     * the stored one) changes nothing.
     */
    @WithTransaction
    public Uni<Void> apply(IntegrationUpdatedEvent event) {
        return repository.findById(event.integrationId()).chain(existing -> {
            if (existing != null && existing.integrationVersion > event.version()) {
                LOG.debugf("ignoring stale event %s for integration %s", event.eventId(), event.integrationId());
                return Uni.createFrom().voidItem();
            }
            if (event.changeType() == ChangeType.DELETED) {
                return existing == null ? Uni.createFrom().voidItem() : repository.delete(existing);
            }
            RefreshTargetEntity target = existing != null ? existing : new RefreshTargetEntity();
            copy(event, target);
            return existing != null ? Uni.createFrom().voidItem() : repository.persist(target).replaceWithVoid();
        });
    }

    private static void copy(IntegrationUpdatedEvent event, RefreshTargetEntity target) {
        var state = event.integration();
        target.integrationId = event.integrationId();
        target.organizationId = event.organizationId();
        target.slug = state.slug();
        target.endpoint = state.config().endpoint();
        target.transport = state.config().transport();
        target.timeoutMs = state.config().timeoutMs();
        target.credentialId = state.credentialId();
        target.integrationVersion = event.version();
        target.refreshRequired = target.refreshRequired || event.catalogRefreshRequired();
        target.lastEventId = event.eventId();
        target.updatedAt = Instant.now();
    }
}
