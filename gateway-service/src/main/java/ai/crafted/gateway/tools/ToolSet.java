package ai.crafted.gateway.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays.Offered;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/**
 * The tools injected into one request: the {@code tools} array in the upstream's profile (also
 * as UTF-8 JSON bytes, encoded once per surface and spliced into every request body as is), the
 * way back from exposed names to the tools (an {@link InjectedTool} is made only for a name the
 * model calls), and the tools left out (incompatible with the profile, or over the per-request
 * cap) with the reason. Shared between requests: never modified.
 */
public record ToolSet(ToolProfile profile, ArrayNode openAiTools, byte[] encodedTools,
        Map<String, Offered<Plugin>> offered, List<Omitted> omitted) {

    /**
     * A new set with only the offered tools {@code keep} accepts (the others are neither sent nor
     * run; the left-out tools stay named), plus the client's own function
     * tools after them, sent as given and never run by the gateway.
     *
     * @param keep        which offered tools stay
     * @param clientTools function tools in chat completions' shape ({@code {"type":"function","function":{…}}}); may be empty
     * @throws IllegalArgumentException when a client tool's name is an offered one's, or starts it, or
     *                                  starts with it (a stream could not tell their calls apart)
     */
    public ToolSet narrowed(java.util.function.Predicate<Offered<Plugin>> keep, ArrayNode clientTools, ObjectMapper json) {
        Map<String, Offered<Plugin>> kept = new java.util.LinkedHashMap<>();
        offered.forEach((name, tool) -> {
            if (keep.test(tool)) {
                kept.put(name, tool);
            }
        });
        ArrayNode tools = json.createArrayNode();
        openAiTools.forEach(tool -> {
            if (kept.containsKey(tool.path("function").path("name").asText())) {
                tools.add(tool);
            }
        });
        for (var tool : clientTools) {
            String name = tool.path("function").path("name").asText();
            // A streamed call is told apart by its name as it arrives: no name may start another.
            for (String offeredName : kept.keySet()) {
                if (name.startsWith(offeredName) || offeredName.startsWith(name)) {
                    throw new IllegalArgumentException("the function tool '" + name + "' clashes with the plugin tool '"
                            + offeredName + "' (one name starts the other): rename it");
                }
            }
            tools.add(tool);
        }
        try {
            return new ToolSet(profile, tools, json.writeValueAsBytes(tools), java.util.Collections.unmodifiableMap(kept), omitted);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the tools could not be encoded", e);
        }
    }

    public boolean isEmpty() {
        return offered.isEmpty();
    }

    public Optional<InjectedTool> find(String exposedName) {
        return Optional.ofNullable(offered.get(exposedName))
                .map(o -> new InjectedTool(exposedName, o.plugin(), o.tool().tool(), o.tool().form()));
    }

    /** Whether the name is one of the injected tools'. */
    public boolean offers(String exposedName) {
        return offered.containsKey(exposedName);
    }

    /**
     * Whether a tool name seen so far (a streamed tool call's name may arrive in pieces) could
     * still become the name of an injected tool, or already starts with one (two calls merged by
     * a provider: see {@link #extendsOfferedName}).
     */
    public boolean couldBeInjected(String namePrefix) {
        if (offered.containsKey(namePrefix)) {
            return true;
        }
        for (String name : offered.keySet()) {
            if (name.startsWith(namePrefix) || namePrefix.startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name is an injected tool's name with more after it (neither run nor shown to the client). */
    public boolean extendsOfferedName(String name) {
        for (String offeredName : offered.keySet()) {
            if (name.startsWith(offeredName) && !name.equals(offeredName)) {
                return true;
            }
        }
        return false;
    }
}
