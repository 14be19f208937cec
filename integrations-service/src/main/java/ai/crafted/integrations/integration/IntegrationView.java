package ai.crafted.integrations.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ai.crafted.events.CompiledTool;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.ToolDescriptor;

/**
 * An integration as the API returns it; the shape of the spec's response example, plus
 * {@code catalogVersion} (the refresher's hash of the catalog as the server sent it) and
 * {@code toolCompatibility}: each catalog tool (same order) as every provider profile receives it
 * ({@code forms.<profile>}: {@code status} ok, normalised or incompatible, the {@code changes} made,
 * the {@code reason} it is not sent, and the {@code description}/{@code parameters} sent when they
 * differ from the server's), and {@code protocolVersion}: the MCP protocol version the catalog was
 * listed with (2026-07-28 for servers that answer {@code server/discover}). The catalog fields are
 * empty/null while the current configuration has not been listed yet.
 */
public record IntegrationView(
        UUID id,
        String kind,
        String slug,
        String displayName,
        String description,
        McpServerConfig config,
        UUID credentialId,
        List<ToolDescriptor> toolCatalog,
        List<CompiledTool> toolCompatibility,
        int toolCount,
        String catalogVersion,
        String protocolVersion,
        Instant catalogRefreshedAt,
        String lastRefreshError,
        Instant lastRefreshAttemptedAt,
        Instant createdAt,
        Instant updatedAt) {
}
