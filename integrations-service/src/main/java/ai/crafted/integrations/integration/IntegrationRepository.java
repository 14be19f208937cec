package ai.crafted.integrations.integration;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationRecords;

@ApplicationScoped
public class IntegrationRepository implements OrganizationRecords<IntegrationEntity> {

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
