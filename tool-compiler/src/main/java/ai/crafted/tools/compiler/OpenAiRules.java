package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completions without strict mode. Most reported refusals are handled by the steps
 * every profile shares: a root that is not an object ("schema must be a JSON Schema of 'type:
 * object'", vercel/ai#7005), an object root without {@code properties} ("object schema missing
 * properties", Azure/azure-mcp#197), an array without {@code items} ("array schema missing items",
 * spring-ai#2561) and structurally invalid schemas ({@code invalid_function_parameters}). Here:
 * the root may not carry {@code oneOf}, {@code anyOf}, {@code allOf}, {@code enum} or {@code not}
 * ("schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top
 * level", chatanywhere/GPT_API_free#403); a top-level {@code allOf} is folded when that keeps its
 * meaning. Everything else of JSON Schema, {@code $defs} and recursive references included, is
 * accepted.
 */
final class OpenAiRules implements SchemaRules {

    @Override
    public void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite) {
        TopLevel.refuseCombinators(schema, "OpenAI", rewrite);
    }
}
