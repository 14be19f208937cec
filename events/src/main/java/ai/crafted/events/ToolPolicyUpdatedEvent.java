package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tool policy of one plugin, published by integrations-service on the compacted
 * {@link Topics#TOOL_POLICY_UPDATED} keyed by integration id after every change (a policy edit,
 * an accepted version, or a catalog version that held or added tools), and a tombstone when the
 * integration is deleted. The whole state, not a delta.
 *
 * <p>The gateway injects a plugin's tool only when this policy lists it {@code enabled} with an
 * {@code acceptedHash} equal to the hash the current catalog carries for it: a tool that changed
 * (description, schema, annotations, any field) stays out until an admin accepts the new
 * version, even while this event is still on its way. A plugin without a policy record offers
 * no tools (fail closed).
 *
 * @param version        grows with every record of the integration; readers ignore older ones
 * @param catalogVersion the integration's catalog version number the policy was computed against
 *                       (1, 2, … as integrations-service numbered them); 0 before any catalog
 * @param tools          one entry per tool of that catalog (held, disabled or enabled)
 * @param catalogHash    that catalog version's hash ({@link CatalogUpdatedEvent#catalogVersion}); null before any
 * @param catalogDiff    what that version changed against the one before: {@code {"added": [names], "removed":
 *                       [names], "changed": [{"name", "fields": ["description", …], "previousHash", "hash"}]}};
 *                       null before any catalog (absent in records of readers that predate it)
 */
public record ToolPolicyUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID integrationId,
        long version,
        long catalogVersion,
        List<ToolPolicy> tools,
        String catalogHash,
        JsonNode catalogDiff) {

    public static final int SCHEMA_VERSION = 1;
}
