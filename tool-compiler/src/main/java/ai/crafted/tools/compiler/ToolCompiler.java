package ai.crafted.tools.compiler;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.CompiledTool;
import ai.crafted.events.ToolCompatibility;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;

/**
 * Compiles an MCP tool into the form each {@link ToolProfile} accepts, once per catalog (at
 * refresh time, or when a reader gets a catalog compiled by another version), never per request.
 *
 * <p>Steps every profile shares, each meaning-preserving (MCP tool arguments are always one JSON
 * object, MCP specification 2025-11-25, "Tool"): a missing schema (or {@code true}) becomes
 * {@code {"type":"object","properties":{}}}; the schema must be valid for its dialect
 * ({@link MetaschemaCheck}); {@code $schema}/{@code $id} are removed from the root; local
 * {@code $ref}s are inlined ({@link RefInliner}); a root without {@code type} gets
 * {@code type: object} and one without {@code properties} gets an empty one; an array without
 * {@code items} gets {@code items: {}}. Then the profile's {@link SchemaRules} run and the
 * description is cut to the profile's limit ({@link Descriptions}).
 */
public final class ToolCompiler {

    /** Changes whenever a rule changes, so readers recompile catalogs compiled by other versions. */
    public static final String VERSION = "2026-12-01.2";

    private ToolCompiler() {
    }

    /** Each tool in order, compiled for every profile. */
    public static List<CompiledTool> compile(List<ToolDescriptor> tools) {
        return tools.stream().map(ToolCompiler::compile).toList();
    }

    /**
     * The compiled forms of a catalog record: the ones it carries when this compiler version made
     * them for these tools, otherwise compiled here; null when the record has no tools.
     */
    public static List<CompiledTool> compiledOf(CatalogUpdatedEvent catalog) {
        if (catalog.tools() == null) {
            return null;
        }
        List<CompiledTool> carried = catalog.compiled();
        return VERSION.equals(catalog.compilerVersion()) && compiles(carried, catalog.tools()) ? carried
                : compile(catalog.tools());
    }

    /** Whether {@code compiled} is for {@code tools}: the same tool names in the same order. */
    public static boolean compiles(List<CompiledTool> compiled, List<ToolDescriptor> tools) {
        if (compiled == null || compiled.size() != tools.size()) {
            return false;
        }
        for (int i = 0; i < compiled.size(); i++) {
            if (!Objects.equals(compiled.get(i).name(), tools.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** The deepest JSON nesting of an input schema the compiler takes (about 60 levels of properties). */
    static final int MAX_DEPTH = 128;

    /**
     * One tool compiled for every profile. Never throws: a schema that breaks a rule's
     * assumptions (or the validator) makes only that tool incompatible, with the reason, so one
     * server's odd tool cannot stop a catalog from being published or read.
     */
    public static CompiledTool compile(ToolDescriptor tool) {
        try {
            return compileOrThrow(tool);
        } catch (RuntimeException | StackOverflowError e) {
            String reason = "the input schema could not be compiled (" + e.getClass().getSimpleName() + ")";
            Map<String, ToolForm> forms = new LinkedHashMap<>();
            for (ToolProfile profile : ToolProfile.values()) {
                forms.put(profile.id(), new ToolForm(ToolCompatibility.INCOMPATIBLE, null, null, List.of(), reason, List.of()));
            }
            return new CompiledTool(tool.name(), forms);
        }
    }

    private static CompiledTool compileOrThrow(ToolDescriptor tool) {
        Rewrite common = new Rewrite();
        Prepared prepared = prepare(tool.inputSchema(), common);
        String description = tool.description() != null ? tool.description() : tool.title();
        Map<String, ToolForm> forms = new LinkedHashMap<>();
        for (ToolProfile profile : ToolProfile.values()) {
            Rewrite rewrite = common.copy();
            ObjectNode schema = prepared.schema() == null ? null : prepared.schema().deepCopy();
            if (!rewrite.refused()) {
                profile.rules().apply(schema, prepared.refs(), rewrite);
            }
            String sent = description;
            if (description != null && profile.descriptionLimit().isPresent()) {
                sent = Descriptions.cut(description, profile.descriptionLimit().getAsInt());
                if (!sent.equals(description)) {
                    rewrite.change(String.format("cut the description at a word boundary to %,d of %,d characters (%s's limit is %,d)",
                            sent.length(), description.length(), profile.id(), profile.descriptionLimit().getAsInt()));
                }
            }
            forms.put(profile.id(), form(tool, schema, sent, description, rewrite));
        }
        return new CompiledTool(tool.name(), forms);
    }

    private static ToolForm form(ToolDescriptor tool, ObjectNode schema, String sent, String description, Rewrite rewrite) {
        if (rewrite.refused()) {
            return new ToolForm(ToolCompatibility.INCOMPATIBLE, null, null, List.of(), rewrite.problem(), List.of());
        }
        JsonNode parameters = schema.equals(tool.inputSchema()) ? null : schema;
        String changedDescription = Objects.equals(sent, description) ? null : sent;
        return new ToolForm(rewrite.changed() ? ToolCompatibility.NORMALISED : ToolCompatibility.OK, changedDescription,
                parameters, rewrite.describeChanges(), null, rewrite.nullMeansAbsent());
    }

    private record Prepared(ObjectNode schema, RefInliner.Outcome refs) {
    }

    private static Prepared prepare(JsonNode input, Rewrite rewrite) {
        if (input == null || input.isNull() || input.isMissingNode() || (input.isBoolean() && input.asBoolean())) {
            rewrite.change("added an empty object schema (the server sent " + (input != null && input.isBoolean() ? "true" : "none") + ")");
            return new Prepared(emptyObject(), RefInliner.Outcome.NO_REFS);
        }
        if (!input.isObject()) {
            rewrite.refuse(input.isBoolean() ? "the input schema is false: no arguments are valid, so the tool cannot be called"
                    : "the input schema is not a JSON object");
            return new Prepared(null, RefInliner.Outcome.REFUSED);
        }
        int nesting = depth(input);
        if (nesting > MAX_DEPTH) {
            rewrite.refuse("the input schema nests " + nesting + " JSON levels deep; the gateway takes at most " + MAX_DEPTH);
            return new Prepared(null, RefInliner.Outcome.REFUSED);
        }
        var invalid = MetaschemaCheck.problem(input);
        if (invalid.isPresent()) {
            rewrite.refuse(invalid.get());
            return new Prepared(null, RefInliner.Outcome.REFUSED);
        }
        ObjectNode schema = input.deepCopy();
        for (String annotation : new String[] {"$schema", "$id"}) {
            if (schema.remove(annotation) != null) {
                rewrite.change("removed \"" + annotation + "\"", "");
            }
        }
        RefInliner.Outcome refs = RefInliner.inline(schema, rewrite);
        if (rewrite.refused()) {
            return new Prepared(null, refs);
        }
        rootObject(schema, rewrite);
        if (rewrite.refused()) {
            return new Prepared(null, refs);
        }
        SchemaWalk.walk(schema, (node, pointer, data, depth) -> {
            if (Combinators.hasType(node, "array") && !node.has("items") && !node.has("prefixItems")) {
                node.putObject("items");
                rewrite.change("added \"items\": {} to an array without it", pointer);
            }
        });
        // What is sent has no $schema, so it is read as 2020-12: keywords another dialect ignored
        // (draft-07 does not know $defs, say) must be valid there too.
        var invalidAsSent = MetaschemaCheck.problem(schema);
        if (invalidAsSent.isPresent()) {
            rewrite.refuse(invalidAsSent.get());
            return new Prepared(null, refs);
        }
        return new Prepared(schema, refs);
    }

    private static void rootObject(ObjectNode schema, Rewrite rewrite) {
        JsonNode type = schema.get("type");
        if (type == null) {
            schema.put("type", "object");
            rewrite.change("added \"type\": \"object\" (tool arguments are always an object)", "");
        } else if (type instanceof ArrayNode types) {
            boolean object = false;
            for (JsonNode t : types) {
                object |= t.asText().equals("object");
            }
            if (!object) {
                rewrite.refuse("the input schema describes " + types + ", not an object; MCP tool arguments are always one JSON object");
                return;
            }
            schema.put("type", "object");
            rewrite.change("narrowed the root type " + types + " to \"object\" (tool arguments are always an object)", "");
        } else if (!type.asText().equals("object")) {
            rewrite.refuse("the input schema describes a " + type.asText() + ", not an object; MCP tool arguments are always one JSON object");
            return;
        }
        if (!schema.has("properties")) {
            schema.putObject("properties");
            rewrite.change("added \"properties\": {} (an object schema without it is refused by OpenAI)", "");
        }
    }

    /** The JSON nesting depth, measured without recursion (the point is to refuse what would overflow). */
    static int depth(JsonNode root) {
        ArrayDeque<JsonNode> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        int max = 0;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int at = depths.pop();
            max = Math.max(max, at);
            if (at > MAX_DEPTH) {
                return at;
            }
            for (JsonNode child : node) {
                if (child.isContainerNode()) {
                    nodes.push(child);
                    depths.push(at + 1);
                }
            }
        }
        return max;
    }

    private static ObjectNode emptyObject() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
