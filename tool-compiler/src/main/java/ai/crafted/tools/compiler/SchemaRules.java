package ai.crafted.tools.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One provider profile's rewriting of a tool's input schema, after the steps every profile shares. */
interface SchemaRules {

    /**
     * Rewrites {@code schema} in place for the profile.
     *
     * @param schema  a private copy of the common form: an object schema with {@code type: object}
     *                and {@code properties} at the root, local references inlined unless {@code refs}
     *                says they were kept, arrays with {@code items}
     * @param refs    what became of the schema's {@code $ref}s
     * @param rewrite where changes and the reason for refusing go
     */
    void apply(ObjectNode schema, RefInliner.Outcome refs, Rewrite rewrite);
}
