package ai.crafted.events;

import java.util.UUID;

/**
 * One MCP tool of one plugin, as a surface's allowlist names it: the plugin (integration id) and
 * the tool's name as the MCP server lists it in {@code tools/list} (not the exposed name the
 * gateway gives it, which carries the plugin's slug and may be shortened).
 */
public record ToolRef(UUID pluginId, String name) {
}
