package ai.crafted.integrations.integration;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class IntegrationRepository implements PanacheRepositoryBase<IntegrationEntity, UUID> {

    /** Null when the id is unknown or belongs to another organisation: callers cannot tell which. */
    public Uni<IntegrationEntity> findOwned(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).firstResult();
    }

    /**
     * Like {@link #findOwned} but locks the row until the transaction ends, so concurrent
     * changes (API edits, refresh requests, refresh results) apply one after another.
     */
    public Uni<IntegrationEntity> findOwnedForUpdate(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<IntegrationEntity> findForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<IntegrationEntity>> listPage(UUID organizationId, int page, int size) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId)
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> countIn(UUID organizationId) {
        return count("organizationId", organizationId);
    }
}
