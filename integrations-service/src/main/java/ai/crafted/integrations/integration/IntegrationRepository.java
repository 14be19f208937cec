package ai.crafted.integrations.integration;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationRecords;

@ApplicationScoped
public class IntegrationRepository implements OrganizationRecords<IntegrationEntity> {

    public Uni<IntegrationEntity> findForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
