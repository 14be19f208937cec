package ai.crafted.gateway.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;

import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays.Offered;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/**
 * The tools injected into one request: the {@code tools} array in the upstream's profile, the
 * way back from exposed names to the tools (an {@link InjectedTool} is made only for a name the
 * model calls), and the tools left out (incompatible with the profile, or over the per-request
 * cap) with the reason.
 */
public record ToolSet(ToolProfile profile, ArrayNode openAiTools, Map<String, Offered<Plugin>> offered,
        List<Omitted> omitted) {

    public boolean isEmpty() {
        return offered.isEmpty();
    }

    public Optional<InjectedTool> find(String exposedName) {
        return Optional.ofNullable(offered.get(exposedName))
                .map(o -> new InjectedTool(exposedName, o.plugin(), o.tool().tool(), o.tool().form()));
    }
}
