package ai.crafted.gateway.tools;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;
import ai.crafted.gateway.plugin.Plugin;

/**
 * One MCP tool offered to the model under {@code exposedName}; maps a tool call back exactly.
 *
 * @param form the compiled form the request carried (its {@code nullMeansAbsent} says which nulls
 *             from the model stand for "not given")
 */
public record InjectedTool(String exposedName, Plugin plugin, ToolDescriptor tool, ToolForm form) {
}
