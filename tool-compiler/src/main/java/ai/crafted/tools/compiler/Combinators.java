package ai.crafted.tools.compiler;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites of {@code oneOf}, {@code allOf} and types shared by the profiles that do not take the
 * whole of JSON Schema (OpenAI strict mode, Gemini).
 */
final class Combinators {

    private Combinators() {
    }

    /**
     * Sends {@code oneOf} as {@code anyOf} (the model picks one branch either way; the MCP server
     * still checks that exactly one matches) and folds {@code allOf} when that keeps its meaning
     * ({@link AllOfMerge}).
     *
     * @return false when the schema was refused (both anyOf and oneOf, or an allOf that cannot be folded)
     */
    static boolean simplify(ObjectNode node, String pointer, String profile, Rewrite rewrite) {
        if (node.has("oneOf")) {
            if (node.has("anyOf")) {
                rewrite.refuse("the schema at " + Keywords.where(pointer) + " has both anyOf and oneOf");
                return false;
            }
            node.set("anyOf", node.remove("oneOf"));
            rewrite.change("sent \"oneOf\" as \"anyOf\" (" + profile + " has no oneOf; the server still checks that one matches)",
                    pointer);
        }
        if (node.has("allOf")) {
            var merged = AllOfMerge.merge(node);
            if (merged.isEmpty()) {
                rewrite.refuse("the schema at " + Keywords.where(pointer) + " combines overlapping schemas with allOf, which "
                        + profile + " does not support");
                return false;
            }
            node.removeAll();
            node.setAll(merged.get());
            rewrite.change("folded \"allOf\" into one schema", pointer);
        }
        return true;
    }

    /** Boolean values of these are a common, meaningful idiom the rules judge themselves. */
    private static final Set<String> BOOLEAN_IDIOMS = Set.of("additionalProperties", "unevaluatedProperties");

    /**
     * Writes boolean subschemas the way profiles that need a schema object can take them: {@code true}
     * (any value) becomes {@code {}}, which the profile's rules then treat like any untyped schema;
     * {@code false} (no value) refuses the tool. Boolean {@code additionalProperties} and
     * {@code unevaluatedProperties} are left to the rules (they are a common, meaningful idiom).
     * Call from a {@link SchemaWalk} visitor: the rewritten children are visited after.
     */
    static void booleanSubschemas(ObjectNode node, String pointer, String profile, Rewrite rewrite) {
        node.fieldNames().forEachRemaining(key -> {
            JsonNode value = node.get(key);
            if (key.equals("properties") && value instanceof ObjectNode properties) {
                properties.fieldNames().forEachRemaining(name -> properties.set(name,
                        objectFor(properties.get(name), pointer + "/properties/" + SchemaWalk.escape(name), profile, rewrite)));
            } else if (SchemaWalk.holdsOneSchema(key) && !BOOLEAN_IDIOMS.contains(key) && value.isBoolean()) {
                node.set(key, objectFor(value, pointer + "/" + key, profile, rewrite));
            } else if (SchemaWalk.holdsSchemaList(key) && value instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, objectFor(list.get(i), pointer + "/" + key + "/" + i, profile, rewrite));
                }
            }
        });
    }

    private static JsonNode objectFor(JsonNode schema, String pointer, String profile, Rewrite rewrite) {
        if (!schema.isBoolean()) {
            return schema;
        }
        if (!schema.asBoolean()) {
            rewrite.refuse("the schema at " + Keywords.where(pointer) + " is false (no value is valid), which " + profile
                    + " cannot express");
            return schema;
        }
        rewrite.change("wrote a true schema (any value) as {}", pointer);
        return JsonNodeFactory.instance.objectNode();
    }

    /** Whether the schema's {@code type} is {@code name} or a list that holds it. */
    static boolean hasType(ObjectNode node, String name) {
        JsonNode type = node.get("type");
        if (type == null) {
            return false;
        }
        if (type.isTextual()) {
            return type.asText().equals(name);
        }
        for (JsonNode t : type) {
            if (t.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
