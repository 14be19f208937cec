package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The non-secret state of an integration as the control panel stores it. The credential is
 * only referenced by id: secrets never travel on Kafka.
 */
public record IntegrationState(
        String kind,
        String slug,
        String displayName,
        String description,
        McpServerConfig config,
        UUID credentialId,
        List<ToolDescriptor> toolCatalog,
        Instant catalogRefreshedAt,
        String lastRefreshError,
        Instant lastRefreshAttemptedAt,
        Instant createdAt,
        Instant updatedAt) {
}
