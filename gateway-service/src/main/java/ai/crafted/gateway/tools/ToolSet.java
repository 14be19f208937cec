package ai.crafted.gateway.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The tools injected into one request: the OpenAI {@code tools} array, the reverse mapping from
 * exposed names, and the tools left out because of the per-request cap.
 */
public record ToolSet(ArrayNode openAiTools, Map<String, InjectedTool> byExposedName, List<String> omitted) {

    public boolean isEmpty() {
        return byExposedName.isEmpty();
    }

    public Optional<InjectedTool> find(String exposedName) {
        return Optional.ofNullable(byExposedName.get(exposedName));
    }
}
