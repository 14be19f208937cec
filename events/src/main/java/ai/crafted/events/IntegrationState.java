package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The non-secret configuration of an integration as the control panel stores it. The credential
 * is only referenced by id (secrets never travel on Kafka); the tool catalog travels separately,
 * from catalog-refresher, on {@link Topics#CATALOG_UPDATED}.
 */
public record IntegrationState(
        String kind,
        String slug,
        String displayName,
        String description,
        McpServerConfig config,
        UUID credentialId,
        Instant createdAt,
        Instant updatedAt) {
}
