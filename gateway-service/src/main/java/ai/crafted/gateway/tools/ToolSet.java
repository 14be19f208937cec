package ai.crafted.gateway.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;

import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/**
 * The tools injected into one request: the {@code tools} array in the upstream's profile, the
 * reverse mapping from exposed names, and the tools left out (incompatible with the profile, or
 * over the per-request cap) with the reason.
 */
public record ToolSet(ToolProfile profile, ArrayNode openAiTools, Map<String, InjectedTool> byExposedName,
        List<Omitted> omitted) {

    public boolean isEmpty() {
        return byExposedName.isEmpty();
    }

    public Optional<InjectedTool> find(String exposedName) {
        return Optional.ofNullable(byExposedName.get(exposedName));
    }
}
