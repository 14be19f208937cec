package ai.crafted.catalog.refresh;

import java.util.UUID;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;

/** What one refresh needs: which server, how to reach it, which credential to send. */
public record RefreshTarget(UUID organizationId, UUID integrationId, McpServerConfig config, UUID credentialId) {

    static RefreshTarget of(IntegrationUpdatedEvent event) {
        return new RefreshTarget(event.organizationId(), event.integrationId(), event.integration().config(),
                event.integration().credentialId());
    }

    static RefreshTarget of(CatalogRefreshRequestedEvent request) {
        return new RefreshTarget(request.organizationId(), request.integrationId(), request.config(),
                request.credentialId());
    }

    static RefreshTarget of(RefreshTargetEntity row) {
        return new RefreshTarget(row.organizationId, row.integrationId, row.config(), row.credentialId);
    }
}
