package ai.crafted.events;

/**
 * What the organisation decided about one tool of one plugin, as the gateway needs it.
 *
 * @param name             the tool's name as the MCP server lists it
 * @param enabled          false: the admin disabled the tool; it is never injected
 * @param acceptedHash     the per-tool hash ({@code "sha256:…"}, see {@link CatalogUpdatedEvent#toolHashes})
 *                         of the version an admin (or the plugin's "new tools: enabled" setting)
 *                         accepted; the gateway injects the tool only while the current catalog's
 *                         hash for it is exactly this. Null: no version accepted yet (held)
 * @param approvalRequired true: every call needs a human approval first (the accepted version's
 *                         {@code destructiveHint: true}, or the admin's override either way)
 */
public record ToolPolicy(String name, boolean enabled, String acceptedHash, boolean approvalRequired) {
}
