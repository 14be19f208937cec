package ai.crafted.integrations.governance;

/** One tool of a catalog version: its MCP name and hash ({@code "sha256:<hex>"}). */
public record CatalogTool(String name, String hash) {
}
