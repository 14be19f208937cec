package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Published on {@link Topics#CATALOG_REFRESH_REQUESTED}, keyed by integration id, when someone
 * asks for a refresh (the control panel's refresh endpoint). It carries the integration's
 * non-secret configuration so the refresher can act even before it has seen the
 * integration's latest {@code integration-updated} event; {@code integrationVersion} tells it
 * whether that configuration is newer than the one it holds. The answer is the next
 * {@link CatalogUpdatedEvent} carrying this {@code requestId}. The gateway publishes one too,
 * with a null {@code requestId} (nobody waits for the answer), when an MCP server announces
 * {@code notifications/tools/list_changed} on a tool call's stream.
 */
public record CatalogRefreshRequestedEvent(
        int schemaVersion,
        UUID requestId,
        Instant requestedAt,
        UUID organizationId,
        UUID integrationId,
        long integrationVersion,
        String slug,
        McpServerConfig config,
        UUID credentialId) {

    public static final int SCHEMA_VERSION = 1;
}
