package ai.crafted.gateway.tools;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.gateway.plugin.Plugin;

/** One MCP tool offered to the model under {@code exposedName}; maps a tool call back exactly. */
public record InjectedTool(String exposedName, Plugin plugin, ToolDescriptor tool) {
}
