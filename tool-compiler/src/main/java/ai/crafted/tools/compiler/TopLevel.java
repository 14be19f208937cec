package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rule OpenAI and Anthropic share: the root is one object schema, not a combination. */
final class TopLevel {

    private TopLevel() {
    }

    /**
     * Folds a top-level {@code allOf} when that keeps its meaning ({@link AllOfMerge}); refuses the
     * schema when {@code oneOf}, {@code anyOf}, {@code allOf}, {@code enum} or {@code not} remain at
     * the top level.
     */
    static void refuseCombinators(ObjectNode schema, String provider, Rewrite rewrite) {
        if (schema.has("allOf")) {
            AllOfMerge.merge(schema).ifPresent(merged -> {
                schema.removeAll();
                schema.setAll(merged);
                rewrite.change("folded \"allOf\" into one schema", "");
            });
        }
        for (String keyword : new String[] {"oneOf", "anyOf", "allOf", "enum", "not"}) {
            if (schema.has(keyword)) {
                rewrite.refuse("the schema uses " + keyword + " at the top level, which " + provider
                        + " refuses (tool input must be one plain object schema)");
                return;
            }
        }
    }
}
