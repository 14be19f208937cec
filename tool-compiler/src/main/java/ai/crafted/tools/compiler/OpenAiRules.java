package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completions without strict mode. The refusals reported against it are all handled
 * by the steps every profile shares: a root that is not an object ("schema must be a JSON Schema
 * of 'type: object'", vercel/ai#7005), an object root without {@code properties} ("object schema
 * missing properties", Azure/azure-mcp#197), an array without {@code items} ("array schema missing
 * items", spring-ai#2561) and structurally invalid schemas ({@code invalid_function_parameters}).
 * Everything else of JSON Schema, {@code $defs} and recursive references included, is accepted.
 */
final class OpenAiRules implements SchemaRules {

    @Override
    public void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite) {
        // Nothing beyond the shared steps; the description limit is the compiler's.
    }
}
