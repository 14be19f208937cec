package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's {@code input_schema} (Messages API reference, "tools"): a JSON Schema draft 2020-12
 * with {@code type: object} at the root (the shared steps ensure both); local {@code $ref}s must
 * resolve (shared steps); and {@code oneOf}, {@code anyOf} or {@code allOf} are refused at the top
 * level ("input_schema does not support oneOf, allOf, or anyOf at the top level",
 * anthropics/claude-code#5973). A top-level {@code allOf} is folded when that keeps its meaning;
 * the others cannot be expressed without them.
 */
final class AnthropicRules implements SchemaRules {

    @Override
    public void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite) {
        TopLevel.refuseCombinators(schema, "Anthropic", rewrite);
    }
}
