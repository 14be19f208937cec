package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WhatsAppAppRepository implements PanacheRepositoryBase<WhatsAppAppEntity, UUID> {

    public Uni<WhatsAppAppEntity> findOwned(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId).firstResult();
    }

    public Uni<WhatsAppAppEntity> findOwnedForUpdate(UUID organizationId, UUID id) {
        return find("id = ?1 and organizationId = ?2", id, organizationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<WhatsAppAppEntity>> listIn(UUID organizationId) {
        return find("organizationId", Sort.by("createdAt").and("id"), organizationId).list();
    }

    /** Apps of the organisation whose selection contains the integration (ids are UUIDs, so a substring match is exact). */
    public Uni<List<WhatsAppAppEntity>> selecting(UUID organizationId, UUID integrationId) {
        return find("organizationId = ?1 and mcpPluginIds like ?2", organizationId, "%" + integrationId + "%")
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
