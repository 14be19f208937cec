package ai.crafted.tools.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A profile's keyword policy for one schema: what it keeps; what it does not accept but may be
 * dropped because it only narrows values the MCP server validates again anyway (those are
 * written into the schema's description, so the model still reads them); and what carries
 * structure that cannot be dropped without changing which arguments are valid (the tool is then
 * refused). Any other keyword (annotations, vendor extensions) is dropped.
 */
record Keywords(String profile, Set<String> kept, Set<String> hinted, Set<String> refused) {

    /** Keywords that describe structure: dropping one changes what the arguments may be. */
    static final Set<String> STRUCTURAL = Set.of("not", "if", "then", "else", "dependentRequired", "dependentSchemas",
            "dependencies", "patternProperties", "propertyNames", "unevaluatedProperties", "unevaluatedItems",
            "prefixItems", "contains", "additionalItems", "$dynamicRef", "$recursiveRef");

    void enforce(ObjectNode schema, String pointer, Rewrite rewrite) {
        List<String> hints = new ArrayList<>();
        for (String key : new ArrayList<>(iterable(schema))) {
            if (kept.contains(key)) {
                continue;
            }
            if (refused.contains(key)) {
                rewrite.refuse("the schema uses \"" + key + "\" (at " + where(pointer) + "), which " + profile
                        + " does not support and which cannot be dropped without changing the valid arguments");
                continue;
            }
            JsonNode value = schema.remove(key);
            if (hinted.contains(key)) {
                hints.add(key + ": " + value);
                rewrite.change("moved \"" + key + "\" into the description", pointer);
            } else {
                rewrite.change("removed \"" + key + "\"", pointer);
            }
        }
        if (!hints.isEmpty()) {
            String note = "(" + String.join(", ", hints) + ")";
            JsonNode description = schema.get("description");
            schema.put("description", description != null && description.isTextual() && !description.asText().isBlank()
                    ? description.asText() + " " + note : note);
        }
    }

    static String where(String pointer) {
        return pointer.isEmpty() ? "the root" : pointer;
    }

    private static List<String> iterable(ObjectNode schema) {
        List<String> names = new ArrayList<>();
        schema.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
