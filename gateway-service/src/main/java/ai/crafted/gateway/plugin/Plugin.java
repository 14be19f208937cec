package ai.crafted.gateway.plugin;

import java.util.UUID;

import ai.crafted.events.IntegrationState;

/**
 * The gateway's in-memory view of one MCP integration. A deleted integration is kept as a
 * tombstone (state null) so that a late, older event cannot bring it back.
 */
public record Plugin(UUID integrationId, UUID organizationId, long version, IntegrationState state) {

    public boolean deleted() {
        return state == null;
    }
}
