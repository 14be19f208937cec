package ai.crafted.integrations.apikey;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, UUID> {

    public Uni<ApiKeyEntity> findOwned(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).firstResult();
    }

    /** {@link #findOwned}, locking the row until the transaction ends (two revocations publish one event). */
    public Uni<ApiKeyEntity> findOwnedForUpdate(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<ApiKeyEntity>> listIn(UUID organizationId) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId).list();
    }
}
