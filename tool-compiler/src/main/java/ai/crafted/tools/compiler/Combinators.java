package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.JsonNode;
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
