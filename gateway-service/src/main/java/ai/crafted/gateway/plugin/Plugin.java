package ai.crafted.gateway.plugin;

import java.util.UUID;

import ai.crafted.events.IntegrationState;

/** The gateway's in-memory view of one installed MCP integration. */
public record Plugin(UUID integrationId, UUID organizationId, long version, IntegrationState state) {
}
