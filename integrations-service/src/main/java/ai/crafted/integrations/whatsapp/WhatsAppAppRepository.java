package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationRecords;

@ApplicationScoped
public class WhatsAppAppRepository implements OrganizationRecords<WhatsAppAppEntity> {

    /** Apps of the organisation whose selection contains the integration (ids are UUIDs, so a substring match is exact). */
    public Uni<List<WhatsAppAppEntity>> selecting(UUID organizationId, UUID integrationId) {
        return find("organizationId = ?1 and mcpPluginIds like ?2", organizationId, "%" + integrationId + "%")
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
