package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppAppHealthEvent;
import ai.crafted.integrations.auth.OrganizationRecords;
import ai.crafted.integrations.integration.IntegrationIdList;

@ApplicationScoped
public class WhatsAppAppRepository implements OrganizationRecords<WhatsAppAppEntity> {

    /** Searched by display name and phone number id; sorted by name, created or updated. */
    @Override
    public List<String> searchedFields() {
        return List.of("displayName", "phoneNumberId");
    }

    @Override
    public Map<String, String> sortFields() {
        return Map.of("name", "displayName", "created", "createdAt", "updated", "updatedAt");
    }

    /** Apps of the organisation whose selection contains the integration (ids are UUIDs, so a substring match is exact). */
    public Uni<List<WhatsAppAppEntity>> selecting(UUID organizationId, UUID integrationId) {
        return find("organizationId = ?1 and mcpPluginIds like ?2", organizationId,
                IntegrationIdList.containing(integrationId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Stores whatsapp-worker's word on an app: a bulk update, so the app's own version (its
     * configuration's) does not move; only a row of the named organisation still at the version
     * the worker used is touched. Returns the rows updated (0 or 1).
     */
    @WithTransaction
    public Uni<Integer> recordHealth(WhatsAppAppHealthEvent event, String reason) {
        return update("healthStatus = ?1, healthErrorCode = ?2, healthReason = ?3, healthSince = ?4, healthAppVersion = ?5"
                + " where id = ?6 and organizationId = ?7 and version = ?5", event.status(), event.errorCode(), reason,
                event.occurredAt(), event.appVersion(), event.appId(), event.organizationId());
    }
}
