package ai.crafted.integrations.governance;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/** Reads a plugin's {@link PolicySnapshot} (in the caller's session) and the JSON columns it holds. */
@ApplicationScoped
public class PolicySnapshots {

    private static final TypeReference<List<CatalogTool>> TOOLS = new TypeReference<>() {
    };

    private final ToolGovernanceStore store;
    private final ObjectMapper json;

    public PolicySnapshots(ToolGovernanceStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public Uni<PolicySnapshot> load(UUID organizationId, UUID integrationId) {
        return store.settings(integrationId).chain(settings -> store.latestVersion(integrationId)
                .chain(latest -> store.policies(integrationId).chain(policies -> store.toolVersions(integrationId)
                        .map(versions -> {
                            Map<String, ToolPolicyEntity> byName = new HashMap<>();
                            policies.forEach(p -> byName.put(p.name, p));
                            return new PolicySnapshot(organizationId, integrationId, settings, latest,
                                    latest == null ? List.of() : tools(latest), byName, descriptors(versions));
                        }))));
    }

    public List<CatalogTool> tools(ToolCatalogVersionEntity version) {
        return read(version.tools, TOOLS);
    }

    public CatalogDiff diff(ToolCatalogVersionEntity version) {
        return read(version.diff, new TypeReference<CatalogDiff>() {
        });
    }

    public Map<String, JsonNode> descriptors(List<ToolVersionEntity> versions) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        versions.forEach(v -> result.put(ToolDiff.key(v.name, v.hash), read(v.descriptor, new TypeReference<JsonNode>() {
        })));
        return result;
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write governance JSON", e);
        }
    }

    public JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored governance JSON is unreadable", e);
        }
    }
}
