package ai.crafted.tools.compiler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.CompiledTool;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;
import ai.crafted.tools.ToolNames;

/**
 * The {@code tools} array of a chat-completions request, built the same way by the gateway (which
 * sends it) and the control panel's preview (which shows it): {@link #prepare} turns one plugin's
 * compiled catalog into ready function tools, once per catalog and profile; {@link #assemble}
 * puts the plugins of one request together (plugins in the given order, tools in catalog order),
 * giving a different name to the rare tool whose name is already taken, and naming every tool
 * left out with the reason.
 */
public final class ToolsArrays {

    private ToolsArrays() {
    }

    /** One plugin's tools ready to assemble, with the plugin they call. */
    public record Source<P>(P plugin, List<PreparedTool> tools) {
    }

    /** A tool offered in the request under {@code name}. */
    public record Offered<P>(String name, P plugin, PreparedTool tool) {
    }

    /** A tool the request leaves out, by the name it would have had, and why. */
    public record Omitted(String name, String reason) {
    }

    /** The assembled array, the way back from names to tools, and what was left out. */
    public record Assembled<P>(ArrayNode tools, Map<String, Offered<P>> byName, List<Omitted> omitted) {

        /** Size of the array as sent, in UTF-8 bytes. */
        public int bytes() {
            return tools.toString().getBytes(StandardCharsets.UTF_8).length;
        }

    }

    /**
     * A rough token count for {@code bytes} of JSON: one token per four bytes, OpenAI's rule of
     * thumb for English text; tokenizers differ per model and count JSON punctuation differently,
     * so it is an estimate.
     */
    public static int estimatedTokens(int bytes) {
        return (bytes + 3) / 4;
    }

    /**
     * @param slug     the plugin's slug (the prefix of every name)
     * @param tools    its catalog, in order
     * @param compiled {@code tools} compiled (same order), see {@link ToolCompiler#compiledOf}
     */
    public static List<PreparedTool> prepare(String slug, List<ToolDescriptor> tools, List<CompiledTool> compiled,
            ToolProfile profile) {
        List<PreparedTool> prepared = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            ToolDescriptor tool = tools.get(i);
            ToolForm form = compiled.get(i).forms().get(profile.id());
            String name = ToolNames.exposedName(slug, tool.name());
            if (form == null || !form.offered()) {
                prepared.add(new PreparedTool(name, tool, form, null,
                        form == null ? "not compiled for " + profile.id() : form.reason()));
            } else if (nameProblem(name, profile).isPresent()) {
                prepared.add(new PreparedTool(name, tool, form, null, nameProblem(name, profile).get()));
            } else {
                prepared.add(new PreparedTool(name, tool, form, function(name, tool, form, profile), null));
            }
        }
        return List.copyOf(prepared);
    }

    /**
     * Why {@code profile} refuses the function name {@code name} ({@code <slug>__<tool>}), if it
     * does: e.g. Gemini's names start with a letter or underscore, so a slug such as
     * {@code 1password} is refused there.
     */
    public static Optional<String> nameProblem(String name, ToolProfile profile) {
        return profile.acceptsName(name) ? Optional.empty()
                : Optional.of("the name " + name + " does not match " + profile.id() + "'s rule " + profile.namePattern());
    }

    /**
     * @param maxTools the most tools to offer; the rest are omitted in order
     */
    public static <P> Assembled<P> assemble(List<Source<P>> sources, ToolProfile profile, int maxTools) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        Map<String, Offered<P>> byName = new LinkedHashMap<>();
        List<Omitted> omitted = new ArrayList<>();
        String overLimit = "over " + profile.id() + "'s limit of " + maxTools + " tools per request";
        for (Source<P> source : sources) {
            for (PreparedTool tool : source.tools()) {
                if (!tool.offered()) {
                    omitted.add(new Omitted(tool.name(), tool.omitted()));
                    continue;
                }
                String name = tool.name();
                ObjectNode function = tool.function();
                if (byName.containsKey(name)) {
                    String slug = name.substring(0, Math.max(0, name.indexOf("__")));
                    for (int attempt = 1; byName.containsKey(name); attempt++) {
                        name = ToolNames.alternative(slug, tool.tool().name(), attempt);
                    }
                    function = function.deepCopy();
                    ((ObjectNode) function.get("function")).put("name", name);
                }
                if (byName.size() >= maxTools) {
                    omitted.add(new Omitted(name, overLimit));
                    continue;
                }
                byName.put(name, new Offered<>(name, source.plugin(), tool));
                array.add(function);
            }
        }
        return new Assembled<>(array, byName, omitted);
    }

    /** Whether {@code schema} is an object schema that declares no properties and nothing else but a title or description. */
    static boolean takesNoArguments(JsonNode schema) {
        if (!(schema instanceof ObjectNode object) || !"object".equals(object.path("type").asText())
                || !object.path("properties").isObject() || !object.path("properties").isEmpty()) {
            return false;
        }
        var names = object.fieldNames();
        while (names.hasNext()) {
            if (!Set.of("type", "properties", "title", "description").contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode function(String name, ToolDescriptor tool, ToolForm form, ToolProfile profile) {
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode().put("type", "function");
        ObjectNode function = wrapper.putObject("function").put("name", name);
        String description = form.description() != null ? form.description()
                : tool.description() != null ? tool.description() : tool.title();
        if (description != null) {
            function.put("description", description);
        }
        JsonNode parameters = form.parameters() != null ? form.parameters() : tool.inputSchema();
        if (profile == ToolProfile.GEMINI && takesNoArguments(parameters)) {
            // Gemini refuses an OBJECT without properties; a function without parameters takes none.
            return wrapper;
        }
        function.set("parameters", parameters);
        if (profile.strict()) {
            function.put("strict", true);
        }
        return wrapper;
    }
}
