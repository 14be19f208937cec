package ai.crafted.integrations.governance;

import java.util.List;

/**
 * A plugin's tools with their policy.
 *
 * @param catalogVersion the number of the catalog version the tools are from (0 before the first)
 * @param newTools       {@code enabled} or {@code held}: what happens to a tool listed for the first time
 * @param policyVersion  the version of the latest {@code tool-policy-updated} record (0 before the first)
 * @param tools          in catalog order
 */
public record PluginToolsView(int catalogVersion, NewTools newTools, long policyVersion, List<ToolStateView> tools) {
}
