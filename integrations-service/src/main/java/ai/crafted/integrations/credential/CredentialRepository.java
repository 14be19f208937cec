package ai.crafted.integrations.credential;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CredentialRepository implements PanacheRepositoryBase<CredentialEntity, UUID> {

    /** Null when the id is unknown or belongs to another organisation. */
    public Uni<CredentialEntity> findOwned(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).firstResult();
    }

    /** {@link #findOwned}, locking the row until the transaction ends: concurrent changes run one after another. */
    public Uni<CredentialEntity> findOwnedForUpdate(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<CredentialEntity>> listIn(UUID organizationId) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId).list();
    }
}
