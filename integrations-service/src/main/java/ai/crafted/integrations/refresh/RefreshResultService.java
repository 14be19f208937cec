package ai.crafted.integrations.refresh;

import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogRefreshedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.integrations.integration.IntegrationEvents;
import ai.crafted.integrations.integration.IntegrationMapper;
import ai.crafted.integrations.integration.IntegrationRepository;

/**
 * Stores refresh results. A success replaces the catalog and clears the error; a failure keeps
 * the previous catalog and records what went wrong. A result computed for an endpoint, transport
 * or credential that has since changed, or older than the last stored attempt, leaves the
 * catalog alone, but still answers the refresh call that asked for it.
 */
@ApplicationScoped
public class RefreshResultService {

    private static final Logger LOG = Logger.getLogger(RefreshResultService.class);

    private final IntegrationRepository repository;
    private final IntegrationMapper mapper;
    private final IntegrationEvents events;

    public RefreshResultService(IntegrationRepository repository, IntegrationMapper mapper, IntegrationEvents events) {
        this.repository = repository;
        this.mapper = mapper;
        this.events = events;
    }

    @WithTransaction
    public Uni<Void> apply(CatalogRefreshedEvent result) {
        return repository.findForUpdate(result.integrationId()).chain(entity -> {
            if (entity == null || !entity.organizationId.equals(result.organizationId())) {
                LOG.debugf("refresh result for unknown integration %s ignored", result.integrationId());
                return Uni.createFrom().voidItem();
            }
            boolean current = sameReach(entity, result) && (entity.lastRefreshAttemptedAt == null
                    || !result.attemptedAt().isBefore(entity.lastRefreshAttemptedAt));
            if (current) {
                store(entity, result);
            }
            if (result.requestId() != null) {
                entity.lastRefreshRequestId = result.requestId();
            }
            return repository.flush()
                    .chain(() -> current ? events.changed(ChangeType.UPDATED, entity, false) : Uni.createFrom().voidItem());
        });
    }

    private void store(IntegrationEntity entity, CatalogRefreshedEvent result) {
        entity.lastRefreshAttemptedAt = result.attemptedAt();
        if (result.succeeded()) {
            entity.toolCatalog = mapper.catalogJson(result.tools());
            entity.toolCount = result.tools().size();
            entity.catalogRefreshedAt = result.attemptedAt();
            entity.lastRefreshError = null;
            entity.catalogRefreshRequired = false;
        } else {
            entity.lastRefreshError = result.error();
        }
    }

    private static boolean sameReach(IntegrationEntity entity, CatalogRefreshedEvent result) {
        return result.config() != null && Objects.equals(entity.endpoint, result.config().endpoint())
                && Objects.equals(entity.transport, result.config().transport())
                && Objects.equals(entity.credentialId, result.credentialId());
    }
}
