package ai.crafted.testsupport.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolPolicy;
import ai.crafted.events.ToolPolicyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.IntegrationState;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;

/** Builds valid {@code integration-updated} and {@code catalog-updated} events for consumer tests. */
public final class SampleEvents {

    private SampleEvents() {
    }

    /** An integration on streamable HTTP without timeout or credential. */
    public static IntegrationUpdatedEvent integration(ChangeType type, UUID organizationId, UUID integrationId,
            long version, String slug, String endpoint) {
        return integration(type, organizationId, integrationId, version, slug,
                endpoint == null ? null : new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, null), null);
    }

    public static IntegrationUpdatedEvent integration(ChangeType type, UUID organizationId, UUID integrationId,
            long version, String slug, McpServerConfig config, UUID credentialId) {
        Instant now = Instant.now();
        IntegrationState state = type == ChangeType.DELETED ? null
                : new IntegrationState("mcp", slug, slug + " display", null, config, credentialId, now, now);
        return new IntegrationUpdatedEvent(IntegrationUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, type,
                organizationId, integrationId, version, state);
    }

    /**
     * A successful catalog listed for exactly this configuration (no credential), as
     * catalog-refresher would publish it.
     */
    public static CatalogUpdatedEvent catalog(UUID organizationId, UUID integrationId, long sequence,
            McpServerConfig config, List<ToolDescriptor> tools) {
        return catalog(organizationId, integrationId, sequence, ConfigFingerprint.of(config, null, -1), tools);
    }

    public static CatalogUpdatedEvent catalog(UUID organizationId, UUID integrationId, long sequence,
            String configFingerprint, List<ToolDescriptor> tools) {
        Instant now = Instant.now();
        return new CatalogUpdatedEvent(CatalogUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), now, organizationId,
                integrationId, sequence, configFingerprint, "sha256:test-" + sequence, tools, now, now, null, null, null, null, null,
                "2025-11-25", tools == null ? null : tools.stream().map(SampleEvents::toolHash).toList());
    }

    /**
     * A stand-in for a tool's version hash as catalog-refresher computes it from the raw object:
     * {@code "sha256:"} and the hex SHA-256 of the descriptor's JSON (any field change changes it).
     */
    public static String toolHash(ToolDescriptor tool) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(EventJson.write(tool).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tool policy integrations-service publishes for a catalog whose tools are all enabled and
     * accepted at their current versions; a tool needs approval when its annotations say
     * {@code destructiveHint: true}.
     */
    public static ToolPolicyUpdatedEvent acceptingPolicy(CatalogUpdatedEvent catalog, long version) {
        List<ToolPolicy> tools = new java.util.ArrayList<>();
        for (int i = 0; catalog.tools() != null && i < catalog.tools().size(); i++) {
            ToolDescriptor tool = catalog.tools().get(i);
            boolean destructive = tool.annotations() != null && tool.annotations().path("destructiveHint").asBoolean(false);
            tools.add(new ToolPolicy(tool.name(), true, catalog.toolHashes().get(i), destructive));
        }
        return new ToolPolicyUpdatedEvent(ToolPolicyUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                catalog.organizationId(), catalog.integrationId(), version, version, tools, null, null);
    }
}
