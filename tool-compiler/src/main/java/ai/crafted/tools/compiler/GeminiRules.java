package ai.crafted.tools.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini function declarations, whose {@code parameters} are the API's {@code Schema} object, an
 * OpenAPI 3.0 subset (https://ai.google.dev/api/caching#Schema), also behind its
 * OpenAI-compatible endpoint:
 * <ul>
 * <li>only these fields exist: type, format, title, description, nullable, enum, maxItems,
 * minItems, properties, required, minProperties, maxProperties, minLength, maxLength, pattern,
 * example, anyOf, propertyOrdering, default, items, minimum, maximum; any other is an error
 * ("Invalid JSON payload received. Unknown name …"), so {@code $schema}, {@code additionalProperties},
 * {@code const}, {@code $defs}/{@code $ref}, {@code examples} are rewritten or dropped;</li>
 * <li>{@code type} is one type, not a list (a null member becomes {@code nullable: true}, several
 * types become {@code anyOf}); every schema needs one;</li>
 * <li>{@code enum} holds strings only ({@code const} becomes a one-value enum);</li>
 * <li>{@code format}: {@code enum} or {@code date-time} for strings, {@code float}/{@code double}
 * for numbers, {@code int32}/{@code int64} for integers;</li>
 * <li>an OBJECT needs non-empty {@code properties} (a tool without arguments is declared without
 * {@code parameters}); references are not supported, so recursive schemas cannot be sent.</li>
 * </ul>
 */
final class GeminiRules implements SchemaRules {

    private static final Map<String, Set<String>> FORMATS = Map.of("string", Set.of("enum", "date-time"),
            "number", Set.of("float", "double"), "integer", Set.of("int32", "int64"));
    private static final Keywords KEYWORDS = new Keywords("Gemini",
            Set.of("type", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
                    "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf",
                    "propertyOrdering", "default", "items", "minimum", "maximum"),
            Set.of("format", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "minContains",
                    "maxContains"),
            Keywords.STRUCTURAL);

    @Override
    public void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite) {
        if (refs == RefInliner.Outcome.KEPT_RECURSIVE || refs == RefInliner.Outcome.KEPT_TOO_LARGE) {
            rewrite.refuse(refs == RefInliner.Outcome.KEPT_RECURSIVE
                    ? "the schema is recursive ($ref to itself); Gemini's schemas cannot refer to other schemas"
                    : "the schema would grow past " + RefInliner.MAX_NODES + " nodes with its $refs inlined; Gemini's schemas cannot refer to other schemas");
            return;
        }
        SchemaWalk.walk(schema, (node, pointer, data, depth) -> {
            Combinators.booleanSubschemas(node, pointer, "Gemini", rewrite);
            visit(node, pointer, rewrite);
        });
    }

    private static void visit(ObjectNode node, String pointer, Rewrite rewrite) {
        if (!Combinators.simplify(node, pointer, "Gemini", rewrite)) {
            return;
        }
        if (node.has("const")) {
            JsonNode value = node.remove("const");
            if (!value.isTextual()) {
                rewrite.refuse("the schema at " + Keywords.where(pointer) + " has a non-string const; Gemini takes string enums only");
                return;
            }
            node.putArray("enum").add(value);
            rewrite.change("sent \"const\" as a one-value \"enum\"", pointer);
        }
        singleType(node, pointer, rewrite);
        if (node.get("enum") instanceof ArrayNode values) {
            enumOfStrings(node, values, pointer, rewrite);
        }
        if (!node.has("type") && !node.has("anyOf")) {
            inferType(node, pointer, rewrite);
        }
        JsonNode knownFormat = takeKnownFormat(node);
        if (node.has("additionalProperties") && !(node.get("properties") instanceof ObjectNode p && !p.isEmpty())
                && !node.get("additionalProperties").equals(JsonNodeFactory.instance.booleanNode(false))) {
            rewrite.refuse("the object at " + Keywords.where(pointer)
                    + " is a map with no declared properties; Gemini needs every object's properties declared");
            return;
        }
        KEYWORDS.enforce(node, pointer, rewrite);
        if (knownFormat != null) {
            node.set("format", knownFormat);
        }
        if ("object".equals(node.path("type").asText())) {
            JsonNode properties = node.get("properties");
            boolean empty = !(properties instanceof ObjectNode p) || p.isEmpty();
            if (empty && !pointer.isEmpty()) {
                rewrite.refuse("the object at " + Keywords.where(pointer)
                        + " declares no properties; Gemini needs at least one for every object but the root");
                return;
            }
            if (empty && !ToolsArrays.takesNoArguments(node)) {
                rewrite.refuse("the schema declares no properties of its own, only constraints (such as anyOf); Gemini needs"
                        + " the root's properties declared");
                return;
            }
            dropUndeclaredRequired(node, pointer, rewrite);
        }
    }

    private static void singleType(ObjectNode node, String pointer, Rewrite rewrite) {
        if (!(node.get("type") instanceof ArrayNode types)) {
            return;
        }
        List<String> named = new ArrayList<>();
        boolean nullable = false;
        for (JsonNode t : types) {
            if (t.asText().equals("null")) {
                nullable = true;
            } else {
                named.add(t.asText());
            }
        }
        node.remove("type");
        if (nullable) {
            node.put("nullable", true);
            rewrite.change("sent a \"null\" type as \"nullable\": true", pointer);
        }
        if (named.size() == 1) {
            node.put("type", named.get(0));
        } else if (named.size() > 1) {
            ArrayNode choices = node.putArray("anyOf");
            named.forEach(t -> choices.add(JsonNodeFactory.instance.objectNode().put("type", t)));
            rewrite.change("sent a list of types as \"anyOf\"", pointer);
        } else {
            node.put("type", "null");
        }
    }

    private static void enumOfStrings(ObjectNode node, ArrayNode values, String pointer, Rewrite rewrite) {
        ArrayNode strings = JsonNodeFactory.instance.arrayNode();
        for (JsonNode v : values) {
            if (v.isNull()) {
                node.put("nullable", true);
            } else if (v.isTextual()) {
                strings.add(v);
            } else {
                rewrite.refuse("the schema at " + Keywords.where(pointer) + " has an enum of non-string values; Gemini takes string enums only");
                return;
            }
        }
        if (strings.isEmpty()) {
            rewrite.refuse("the schema at " + Keywords.where(pointer) + " has an empty enum");
            return;
        }
        if (strings.size() != values.size()) {
            node.set("enum", strings);
            rewrite.change("sent a null enum value as \"nullable\": true", pointer);
        }
        if (!node.has("type")) {
            node.put("type", "string");
            rewrite.change("added \"type\": \"string\" to an enum", pointer);
        }
    }

    private static void inferType(ObjectNode node, String pointer, Rewrite rewrite) {
        String type = node.has("properties") ? "object" : node.has("items") ? "array" : null;
        if (type == null) {
            rewrite.refuse("the schema at " + Keywords.where(pointer) + " accepts any value; Gemini needs a type for every schema");
            return;
        }
        node.put("type", type);
        rewrite.change("added \"type\": \"" + type + "\"", pointer);
    }

    /** Removes and returns a format Gemini knows for the schema's type; others stay, for the policy to move into the description. */
    private static JsonNode takeKnownFormat(ObjectNode node) {
        JsonNode format = node.get("format");
        Set<String> known = FORMATS.getOrDefault(node.path("type").asText(), Set.of());
        return format != null && format.isTextual() && known.contains(format.asText()) ? node.remove("format") : null;
    }

    private static void dropUndeclaredRequired(ObjectNode node, String pointer, Rewrite rewrite) {
        if (!(node.get("required") instanceof ArrayNode required)) {
            return;
        }
        ObjectNode properties = (ObjectNode) node.get("properties");
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        required.forEach(n -> {
            if (properties != null && properties.has(n.asText())) {
                kept.add(n);
            }
        });
        if (kept.size() != required.size()) {
            node.set("required", kept);
            rewrite.change("removed names from \"required\" that are not declared properties", pointer);
        }
    }
}
