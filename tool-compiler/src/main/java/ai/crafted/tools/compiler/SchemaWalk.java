package ai.crafted.tools.compiler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Visits every subschema of a JSON Schema (2020-12 keywords, plus draft-07's {@code definitions},
 * {@code dependencies} and array-form {@code items}) before its children, so a visitor may rewrite
 * a schema's own keywords and have the rewritten children visited. Boolean subschemas are not
 * visited (they have no keywords).
 */
final class SchemaWalk {

    /** Keywords whose value is one subschema, and whether a step through them moves into the data (array items). */
    private static final Map<String, Boolean> SINGLE = Map.ofEntries(Map.entry("items", true),
            Map.entry("additionalItems", true), Map.entry("unevaluatedItems", true), Map.entry("contains", true),
            Map.entry("additionalProperties", false), Map.entry("unevaluatedProperties", false),
            Map.entry("propertyNames", false), Map.entry("not", false), Map.entry("if", false),
            Map.entry("then", false), Map.entry("else", false));
    /** Keywords whose value is an array of subschemas. */
    private static final Set<String> LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");
    /** Keywords whose value maps names to subschemas. */
    private static final Set<String> MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas", "dependencies");

    interface Visitor {
        /**
         * @param schema   the subschema (may be rewritten in place)
         * @param pointer  its JSON Pointer in the whole schema ("" for the root)
         * @param data     the JSON Pointer of the argument values it describes ({@code *} = every
         *                 array item), or null where that is not one place (definitions, maps)
         * @param depth    how many objects and arrays deep the described value is (root = 0)
         */
        void visit(ObjectNode schema, String pointer, String data, int depth);
    }

    private SchemaWalk() {
    }

    /** Whether {@code keyword}'s value is one subschema ({@code items}, {@code not}, {@code additionalProperties} …). */
    static boolean holdsOneSchema(String keyword) {
        return SINGLE.containsKey(keyword);
    }

    /** Whether {@code keyword}'s value is a list of subschemas ({@code anyOf}, {@code prefixItems} …). */
    static boolean holdsSchemaList(String keyword) {
        return LISTS.contains(keyword);
    }

    static void walk(ObjectNode root, Visitor visitor) {
        visit(root, "", "", 0, visitor);
    }

    private static void visit(ObjectNode schema, String pointer, String data, int depth, Visitor visitor) {
        visitor.visit(schema, pointer, data, depth);
        for (String key : names(schema.fieldNames())) {
            JsonNode value = schema.get(key);
            String at = pointer + "/" + escape(key);
            if (SINGLE.containsKey(key) && value instanceof ObjectNode child) {
                boolean intoItems = SINGLE.get(key);
                visit(child, at, intoItems && data != null ? data + "/*" : intoItems ? null : sameValue(key, data),
                        depth + (intoItems ? 1 : 0), visitor);
            } else if (LISTS.contains(key) && value instanceof ArrayNode list) {
                boolean intoItems = key.equals("prefixItems") || key.equals("items");
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof ObjectNode child) {
                        visit(child, at + "/" + i, intoItems ? (data == null ? null : data + "/*") : data,
                                depth + (intoItems ? 1 : 0), visitor);
                    }
                }
            } else if (MAPS.contains(key) && value instanceof ObjectNode map) {
                for (String name : names(map.fieldNames())) {
                    if (map.get(name) instanceof ObjectNode child) {
                        boolean property = key.equals("properties");
                        visit(child, at + "/" + escape(name), property && data != null ? data + "/" + escape(name) : null,
                                depth + (property ? 1 : 0), visitor);
                    }
                }
            }
        }
    }

    /** not/if/then/else describe the same value; the others describe values elsewhere. */
    private static String sameValue(String key, String data) {
        return Set.of("not", "if", "then", "else").contains(key) ? data : null;
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(Iterator<String> iterator) {
        List<String> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
