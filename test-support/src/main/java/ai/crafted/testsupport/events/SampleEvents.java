package ai.crafted.testsupport.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationState;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;

/** Builds valid {@code integration-updated} events for consumer tests. */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static IntegrationUpdatedEvent integration(ChangeType type, UUID organizationId, UUID integrationId,
            long version, String slug, String endpoint, List<ToolDescriptor> tools) {
        Instant now = Instant.now();
        IntegrationState state = type == ChangeType.DELETED ? null
                : new IntegrationState("mcp", slug, slug + " display", null,
                        new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, null), null, tools, null, null, null, now, now);
        return new IntegrationUpdatedEvent(IntegrationUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, type,
                organizationId, integrationId, version, type == ChangeType.CREATED, state);
    }
}
