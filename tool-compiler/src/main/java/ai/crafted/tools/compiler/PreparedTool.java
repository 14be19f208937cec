package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;

/**
 * One MCP tool of one plugin, ready to be offered under one profile: the function tool object
 * the request carries (built once, shared read-only by every request), or why it is left out.
 *
 * @param name     the function name the model sees ({@code <slug>__<tool>}, see ToolNames)
 * @param tool     the tool as the MCP server described it (what is called)
 * @param form     the profile's compiled form (status, changes, nulls to remove)
 * @param function {@code {"type":"function","function":{…}}}, or null when the tool is not offered
 * @param omitted  why the tool is not offered under this profile; null when it is
 */
public record PreparedTool(String name, ToolDescriptor tool, ToolForm form, ObjectNode function, String omitted) {

    public boolean offered() {
        return function != null;
    }
}
