package ai.crafted.integrations.integration;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.events.McpServerConfig;

/** One row of the plugin list: enough to show the catalog's health without listing tools. */
public record IntegrationSummaryView(
        UUID id,
        String kind,
        String slug,
        String displayName,
        String description,
        McpServerConfig config,
        UUID credentialId,
        @Schema(description = "Why its OAuth credential cannot work (never connected, or a refresh was refused): connect it;"
                + " null when all is well") String credentialProblem,
        @Schema(description = "What to do about its OAuth credential while it still works (a tool needs more scope, or the"
                + " refresh token expires soon): reconnect it; null when nothing") String credentialWarning,
        int toolCount,
        String catalogVersion,
        Instant catalogRefreshedAt,
        String lastRefreshError,
        Instant lastRefreshAttemptedAt,
        Instant createdAt,
        Instant updatedAt) {
}
