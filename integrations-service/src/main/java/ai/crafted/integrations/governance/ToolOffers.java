package ai.crafted.integrations.governance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.integration.IntegrationEntity;

/**
 * Which tools the policy lets the gateway offer, by the gateway's rule: the policy lists the tool
 * enabled with the accepted hash equal to the current catalog's hash for it; a plugin without
 * versions (no per-tool hashes yet) offers none. For the tool preview.
 */
@ApplicationScoped
public class ToolOffers {

    private final ToolGovernanceStore store;
    private final PolicySnapshots snapshots;

    public ToolOffers(ToolGovernanceStore store, PolicySnapshots snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    /** Why the policy keeps a tool out, per plugin; runs in the caller's session (two queries). */
    public Uni<Refusals> of(List<IntegrationEntity> plugins) {
        List<UUID> ids = plugins.stream().map(i -> i.id).toList();
        return store.latestVersions(ids).chain(versions -> store.policiesOf(ids).map(policies -> {
            Map<UUID, ToolCatalogVersionEntity> latest = new HashMap<>();
            versions.forEach(v -> latest.put(v.integrationId, v));
            Map<String, ToolPolicyEntity> byTool = new HashMap<>();
            policies.forEach(p -> byTool.put(p.integrationId + "/" + p.name, p));
            Map<UUID, String> catalogHashes = new HashMap<>();
            plugins.forEach(i -> catalogHashes.put(i.id, i.catalogVersion));
            Map<String, String> currentHashes = new HashMap<>();
            latest.forEach((id, v) -> snapshots.tools(v).forEach(t -> currentHashes.putIfAbsent(id + "/" + t.name(), t.hash())));
            return (integrationId, toolName) -> {
                ToolCatalogVersionEntity version = latest.get(integrationId);
                if (version == null || !version.catalogHash.equals(catalogHashes.get(integrationId))) {
                    return "no tool versions for this catalog yet (a refresh with per-tool hashes is needed)";
                }
                String current = currentHashes.get(integrationId + "/" + toolName);
                ToolPolicyEntity policy = byTool.get(integrationId + "/" + toolName);
                if (current == null || policy == null) {
                    return "no policy for this tool yet";
                }
                if (!policy.enabled) {
                    return "disabled by an admin";
                }
                if (policy.acceptedHash == null) {
                    return "held: a new tool waiting for an admin to accept it";
                }
                if (!policy.acceptedHash.equals(current)) {
                    return "held: changed since an admin accepted it; review the change";
                }
                return null;
            };
        }));
    }

    /** Why the policy keeps the tool out, or null when it is offered. */
    @FunctionalInterface
    public interface Refusals {
        String reason(UUID integrationId, String toolName);
    }
}
