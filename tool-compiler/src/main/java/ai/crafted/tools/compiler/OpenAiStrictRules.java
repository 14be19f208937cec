package ai.crafted.tools.compiler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI strict function calling, the Structured Outputs subset
 * (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas):
 * <ul>
 * <li>the root is an object, not {@code anyOf};</li>
 * <li>every object has {@code additionalProperties: false} (added where absent; an object that
 * allows extra properties is refused) and lists every property in {@code required} (optional
 * properties become required and nullable, and the gateway removes the nulls the model sends for
 * them, see {@link ai.crafted.events.ToolForm#nullMeansAbsent()});</li>
 * <li>supported keywords: strings {@code pattern}, {@code format} (date-time, time, date, duration,
 * email, hostname, ipv4, ipv6, uuid); numbers {@code multipleOf}, {@code minimum},
 * {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}; arrays {@code minItems},
 * {@code maxItems}; {@code anyOf}, {@code enum}, {@code const}, {@code $defs}/{@code $ref};
 * not supported: {@code allOf} (folded when possible), {@code not}, {@code if/then/else},
 * {@code dependentRequired}, {@code dependentSchemas}, {@code patternProperties};
 * {@code oneOf} is sent as {@code anyOf};</li>
 * <li>limits: 5,000 properties, 10 levels of nesting, 1,000 enum values in total.</li>
 * </ul>
 */
final class OpenAiStrictRules implements SchemaRules {

    static final int MAX_PROPERTIES = 5_000;
    static final int MAX_DEPTH = 10;
    static final int MAX_ENUM_VALUES = 1_000;

    private static final Set<String> FORMATS = Set.of("date-time", "time", "date", "duration", "email", "hostname",
            "ipv4", "ipv6", "uuid");
    private static final Keywords KEYWORDS = new Keywords("OpenAI strict mode",
            Set.of("type", "properties", "required", "additionalProperties", "items", "anyOf", "enum", "const",
                    "description", "title", "$ref", "$defs", "pattern", "multipleOf", "minimum", "maximum",
                    "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"),
            Set.of("minLength", "maxLength", "minProperties", "maxProperties", "uniqueItems", "minContains",
                    "maxContains", "format"),
            Keywords.STRUCTURAL);

    @Override
    public void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite) {
        TopLevel.refuseCombinators(schema, "OpenAI", rewrite);
        if (rewrite.refused()) {
            return;
        }
        int[] properties = {0};
        int[] enumValues = {0};
        int[] depth = {0};
        SchemaWalk.walk(schema, (node, pointer, data, level) -> {
            depth[0] = Math.max(depth[0], level);
            Combinators.booleanSubschemas(node, pointer, "strict mode", rewrite);
            visit(node, pointer, data, rewrite);
            if (node.get("properties") instanceof ObjectNode props) {
                properties[0] += props.size();
            }
            if (node.get("enum") instanceof ArrayNode values) {
                enumValues[0] += values.size();
            }
        });
        if (properties[0] > MAX_PROPERTIES) {
            rewrite.refuse("the schema has " + properties[0] + " properties; strict mode takes at most " + MAX_PROPERTIES);
        }
        if (depth[0] > MAX_DEPTH) {
            rewrite.refuse("the schema nests " + depth[0] + " levels deep; strict mode takes at most " + MAX_DEPTH);
        }
        if (schema.has("anyOf")) {
            rewrite.refuse("strict mode needs the root to be one object schema, and this one becomes a choice (anyOf)");
        }
        if (enumValues[0] > MAX_ENUM_VALUES) {
            rewrite.refuse("the schema has " + enumValues[0] + " enum values; strict mode takes at most " + MAX_ENUM_VALUES);
        }
    }

    private static void visit(ObjectNode node, String pointer, String data, Rewrite rewrite) {
        if (!Combinators.simplify(node, pointer, "strict mode", rewrite)) {
            return;
        }
        if (node.has("format") && node.get("format").isTextual() && FORMATS.contains(node.get("format").asText())) {
            // supported: kept (the policy would move other formats into the description)
            JsonNode format = node.remove("format");
            KEYWORDS.enforce(node, pointer, rewrite);
            node.set("format", format);
        } else {
            KEYWORDS.enforce(node, pointer, rewrite);
        }
        if (!node.has("type") && !node.has("anyOf") && !node.has("enum") && !node.has("const") && !node.has("$ref")) {
            rewrite.refuse("the schema at " + Keywords.where(pointer) + " accepts any value; strict mode needs a type for every value");
            return;
        }
        if (Combinators.hasType(node, "object")) {
            closeObject(node, pointer, data, rewrite);
        }
    }

    private static void closeObject(ObjectNode node, String pointer, String data, Rewrite rewrite) {
        JsonNode extra = node.get("additionalProperties");
        boolean declared = node.get("properties") instanceof ObjectNode p && !p.isEmpty();
        if (extra == null && !declared && !pointer.isEmpty()) {
            // {"type":"object"} inside a schema is a free-form object (metadata, options): closing
            // it would leave only {} valid. The root's empty properties mean "no arguments".
            rewrite.refuse("the object at " + Keywords.where(pointer)
                    + " declares no properties (a free-form object), which strict mode cannot express");
            return;
        }
        if (node.get("anyOf") instanceof ArrayNode branches && declared) {
            for (JsonNode branch : branches) {
                if (branch.has("properties") || branch.has("required")) {
                    rewrite.refuse("the object at " + Keywords.where(pointer) + " combines its properties with anyOf"
                            + " branches that add properties; strict mode closes every object, so they could never match");
                    return;
                }
            }
        }
        if (extra == null) {
            node.put("additionalProperties", false);
            rewrite.change("added \"additionalProperties\": false", pointer);
        } else if (!(extra.isBoolean() && !extra.asBoolean())) {
            rewrite.refuse("the object at " + Keywords.where(pointer)
                    + " accepts properties it does not declare (additionalProperties), which strict mode cannot express");
            return;
        }
        if (!(node.get("properties") instanceof ObjectNode properties)) {
            node.putObject("properties");
            return;
        }
        Set<String> required = new LinkedHashSet<>();
        if (node.get("required") instanceof ArrayNode list) {
            list.forEach(n -> required.add(n.asText()));
        }
        List<String> optional = new ArrayList<>();
        properties.fieldNames().forEachRemaining(name -> {
            if (!required.contains(name)) {
                optional.add(name);
            }
        });
        if (optional.isEmpty()) {
            return;
        }
        if (data == null) {
            rewrite.refuse("the object at " + Keywords.where(pointer)
                    + " has optional properties inside a reference or a map, which strict mode cannot make optional");
            return;
        }
        ArrayNode requiredList = node.putArray("required");
        required.forEach(requiredList::add);
        for (String name : optional) {
            properties.set(name, nullable(properties.get(name)));
            requiredList.add(name);
            rewrite.nullMeansAbsent(data + "/" + SchemaWalk.escape(name));
            rewrite.change("made optional properties required and nullable (a null from the model is removed before the call)",
                    pointer + "/properties/" + SchemaWalk.escape(name));
        }
    }

    /** The same schema, also accepting null. */
    static JsonNode nullable(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return schema; // true accepts null already; false stays impossible
        }
        ObjectNode out = node.deepCopy();
        JsonNode type = out.get("type");
        if (type != null && type.isTextual()) {
            if (!type.asText().equals("null")) {
                out.putArray("type").add(type.asText()).add("null");
            }
        } else if (type instanceof ArrayNode types) {
            boolean hasNull = false;
            for (JsonNode t : types) {
                hasNull |= t.asText().equals("null");
            }
            if (!hasNull) {
                types.add("null");
            }
        } else if (out.get("anyOf") instanceof ArrayNode branches) {
            branches.add(JsonNodeFactory.instance.objectNode().put("type", "null"));
            return out;
        } else if (!out.has("enum")) {
            ObjectNode choice = JsonNodeFactory.instance.objectNode();
            choice.putArray("anyOf").add(out).add(JsonNodeFactory.instance.objectNode().put("type", "null"));
            return choice;
        }
        if (out.get("enum") instanceof ArrayNode values) {
            boolean hasNull = false;
            for (JsonNode v : values) {
                hasNull |= v.isNull();
            }
            if (!hasNull) {
                values.addNull();
            }
        }
        return out;
    }
}
