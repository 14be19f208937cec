package ai.crafted.integrations.integration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationRecords;

@ApplicationScoped
public class IntegrationRepository implements OrganizationRecords<IntegrationEntity> {

    /** Searched by display name and slug; sorted by name, slug, created or updated. */
    @Override
    public List<String> searchedFields() {
        return List.of("displayName", "slug");
    }

    @Override
    public Map<String, String> sortFields() {
        return Map.of("name", "displayName", "slug", "slug", "created", "createdAt", "updated", "updatedAt");
    }

    public Uni<IntegrationEntity> findForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
