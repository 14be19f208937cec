package ai.crafted.integrations.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.events.ToolPolicy;

/**
 * Everything known about one plugin's tools at one moment, and the rules that derive states,
 * approvals and the published policy from it (pure logic).
 *
 * @param settings    the plugin's settings row; null while it has none (defaults)
 * @param latest      the newest catalog version; null before the first
 * @param tools       the newest version's tools in catalog order (empty before the first)
 * @param policies    policy rows by tool name
 * @param descriptors tool descriptors by {@link ToolDiff#key}
 */
public record PolicySnapshot(UUID organizationId, UUID integrationId, ToolGovernanceEntity settings,
        ToolCatalogVersionEntity latest, List<CatalogTool> tools, Map<String, ToolPolicyEntity> policies,
        Map<String, JsonNode> descriptors) {

    public int catalogNumber() {
        return latest == null ? 0 : latest.number;
    }

    public NewTools newTools() {
        return settings == null ? NewTools.ENABLED : settings.newTools();
    }

    public long policyVersion() {
        return settings == null ? 0 : settings.policyVersion;
    }

    /** The tool of the current catalog with this name, or null. */
    public CatalogTool tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    public List<ToolStateView> views() {
        List<ToolStateView> views = new ArrayList<>();
        tools.forEach(tool -> views.add(view(tool)));
        return views;
    }

    /** The policy the gateway receives: one entry per tool of the current catalog. */
    public List<ToolPolicy> published() {
        return tools.stream().map(tool -> {
            ToolPolicyEntity policy = policies.get(tool.name());
            return new ToolPolicy(tool.name(), policy != null && policy.enabled,
                    policy == null ? null : policy.acceptedHash, approvalRequired(tool, policy));
        }).toList();
    }

    public ToolStateView view(CatalogTool tool) {
        ToolPolicyEntity policy = policies.get(tool.name());
        String accepted = policy == null ? null : policy.acceptedHash;
        boolean enabled = policy != null && policy.enabled;
        String state = !enabled ? ToolStateView.DISABLED
                : accepted == null ? ToolStateView.HELD_NEW
                : accepted.equals(tool.hash()) ? ToolStateView.ENABLED : ToolStateView.HELD;
        JsonNode current = descriptors.get(ToolDiff.key(tool.name(), tool.hash()));
        ToolStateView.Change change = null;
        if (!tool.hash().equals(accepted)) {
            JsonNode old = accepted == null ? null : descriptors.get(ToolDiff.key(tool.name(), accepted));
            var fields = ToolDiff.changes(old, current);
            change = new ToolStateView.Change(accepted, tool.hash(), fields, fields.isEmpty());
        }
        ApprovalOverride override = policy == null ? null : ApprovalOverride.fromWire(policy.approvalOverride);
        return new ToolStateView(tool.name(), state, enabled, tool.hash(), accepted, approvalRequired(tool, policy),
                approvalReason(tool, policy), override, text(current, "title"), text(current, "description"), change);
    }

    private boolean approvalRequired(CatalogTool tool, ToolPolicyEntity policy) {
        String reason = approvalReason(tool, policy);
        return "destructive_hint".equals(reason)
                || ("override".equals(reason) && ApprovalOverride.REQUIRED.wire().equals(policy.approvalOverride));
    }

    /**
     * The admin's override, else the accepted version's {@code destructiveHint: true} (annotations are
     * hints from the server: they can only add a safeguard here, never remove one the admin set).
     */
    private String approvalReason(CatalogTool tool, ToolPolicyEntity policy) {
        if (policy != null && policy.approvalOverride != null) {
            return "override";
        }
        String version = policy == null || policy.acceptedHash == null ? tool.hash() : policy.acceptedHash;
        JsonNode descriptor = descriptors.get(ToolDiff.key(tool.name(), version));
        boolean destructive = descriptor != null && descriptor.path("annotations").path("destructiveHint").isBoolean()
                && descriptor.path("annotations").path("destructiveHint").booleanValue();
        return destructive ? "destructive_hint" : "default";
    }

    private static String text(JsonNode descriptor, String field) {
        return descriptor == null || !descriptor.path(field).isTextual() ? null : descriptor.path(field).asText();
    }
}
