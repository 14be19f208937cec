package ai.crafted.tools.compiler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replaces local {@code $ref}s ({@code #/$defs/X}, {@code #/definitions/X}, any JSON Pointer into
 * the same schema) by the schema they point to, which is meaning-preserving when the references
 * are not recursive; keywords beside a {@code $ref} (allowed since 2019-09) are merged in, or kept
 * beside it in an {@code allOf} when both define the same validation keyword. Recursive schemas
 * (or ones that would grow past {@value #MAX_NODES} nodes when inlined) are left with their
 * references, and {@code definitions} is renamed {@code $defs}: only some providers accept them.
 */
final class RefInliner {

    enum Outcome { NO_REFS, INLINED, KEPT_RECURSIVE, KEPT_TOO_LARGE, REFUSED }

    static final int MAX_NODES = 20_000;
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "$comment",
            "deprecated", "readOnly", "writeOnly");

    private final ObjectNode root;
    private final Rewrite rewrite;
    private int nodes;

    private RefInliner(ObjectNode root, Rewrite rewrite) {
        this.root = root;
        this.rewrite = rewrite;
    }

    /** Inlines the references of {@code root} in place when possible; refusals go to {@code rewrite}. */
    static Outcome inline(ObjectNode root, Rewrite rewrite) {
        List<String> refs = new ArrayList<>();
        collect(root, refs);
        if (refs.isEmpty()) {
            return Outcome.NO_REFS;
        }
        for (String ref : refs) {
            if (!ref.startsWith("#")) {
                rewrite.refuse("the schema refers to another document ($ref \"" + ref
                        + "\"); model providers resolve only references inside the schema");
                return Outcome.REFUSED;
            }
            if (target(root, ref) == null) {
                rewrite.refuse("the schema has a $ref to nothing (\"" + ref + "\")");
                return Outcome.REFUSED;
            }
        }
        RefInliner inliner = new RefInliner(root, rewrite);
        ObjectNode body = root.deepCopy();
        body.remove("$defs");
        body.remove("definitions");
        JsonNode expanded;
        try {
            expanded = inliner.expand(body, new ArrayDeque<>());
        } catch (Recursive e) {
            renameDefinitions(root, rewrite);
            return Outcome.KEPT_RECURSIVE;
        } catch (TooLarge e) {
            renameDefinitions(root, rewrite);
            return Outcome.KEPT_TOO_LARGE;
        }
        root.removeAll();
        if (expanded instanceof ObjectNode object) {
            root.setAll(object);
        } else if (!expanded.asBoolean(false)) {
            rewrite.refuse("the schema's root $ref leads to a schema that accepts nothing (false)");
            return Outcome.REFUSED;
        } // true: any value, the empty schema root now is
        for (String ref : refs.stream().distinct().toList()) {
            rewrite.change("inlined $ref \"" + ref + "\"");
        }
        return Outcome.INLINED;
    }

    /** Keywords whose object value maps names to schemas: its keys are names, never keywords. */
    private static final Set<String> NAME_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas", "dependencies");
    /** Keywords whose value is data, not a schema: copied as they are, never searched for $ref. */
    private static final Set<String> DATA = Set.of("enum", "const", "default", "examples");

    private JsonNode expand(JsonNode node, Deque<String> stack) {
        return expand(node, stack, false);
    }

    /** @param names whether {@code node} is a map of names to schemas (a {@code properties} value, say) */
    private JsonNode expand(JsonNode node, Deque<String> stack, boolean names) {
        if (++nodes > MAX_NODES) {
            throw new TooLarge();
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = names ? null : object.get("$ref");
            if (ref != null && ref.isTextual()) {
                String pointer = ref.asText();
                if (stack.contains(pointer)) {
                    throw new Recursive();
                }
                stack.push(pointer);
                JsonNode resolved = expand(target(root, pointer), stack);
                stack.pop();
                ObjectNode siblings = object.deepCopy();
                siblings.remove("$ref");
                return merge(resolved, (ObjectNode) expand(siblings, stack));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                boolean data = !names && DATA.contains(field.getKey());
                out.set(field.getKey(), data ? field.getValue().deepCopy()
                        : expand(field.getValue(), stack, !names && NAME_MAPS.contains(field.getKey())));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> out.add(expand(item, stack)));
            return out;
        }
        return node.deepCopy();
    }

    /** The referenced schema with the keywords written beside the $ref. */
    private static JsonNode merge(JsonNode resolved, ObjectNode siblings) {
        if (siblings.isEmpty()) {
            return resolved;
        }
        if (!(resolved instanceof ObjectNode target)) {
            return resolved.asBoolean(true) ? siblings : resolved; // true = anything, false = nothing
        }
        ObjectNode merged = target.deepCopy();
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        siblings.fields().forEachRemaining(field -> {
            if (!merged.has(field.getKey()) || ANNOTATIONS.contains(field.getKey())) {
                merged.set(field.getKey(), field.getValue());
            } else {
                rest.set(field.getKey(), field.getValue());
            }
        });
        if (rest.isEmpty()) {
            return merged;
        }
        ObjectNode both = JsonNodeFactory.instance.objectNode();
        both.putArray("allOf").add(merged).add(rest);
        return both;
    }

    static JsonNode target(ObjectNode root, String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            return null; // an anchor (#name) or another document
        }
        try {
            JsonNode found = root.at(JsonPointer.compile(URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8)));
            return found.isMissingNode() ? null : found;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void collect(JsonNode node, List<String> refs) {
        collect(node, refs, false);
    }

    private static void collect(JsonNode node, List<String> refs, boolean names) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                if (!names && field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else if (names || !DATA.contains(field.getKey())) {
                    collect(field.getValue(), refs, !names && NAME_MAPS.contains(field.getKey()));
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> collect(item, refs));
        }
    }

    /** draft-07's {@code definitions} becomes 2020-12's {@code $defs}, the name the providers document. */
    private static void renameDefinitions(ObjectNode root, Rewrite rewrite) {
        JsonNode definitions = root.remove("definitions");
        if (definitions == null) {
            return;
        }
        ObjectNode defs = root.has("$defs") && root.get("$defs").isObject() ? (ObjectNode) root.get("$defs") : root.putObject("$defs");
        definitions.fields().forEachRemaining(f -> {
            if (!defs.has(f.getKey())) {
                defs.set(f.getKey(), f.getValue());
            }
        });
        rewriteRefs(root);
        rewrite.change("renamed \"definitions\" to \"$defs\"", "");
    }

    private static void rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/definitions/")) {
                object.put("$ref", "#/$defs/" + ref.asText().substring("#/definitions/".length()));
            }
            object.forEach(RefInliner::rewriteRefs);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RefInliner::rewriteRefs);
        }
    }

    private static final class Recursive extends RuntimeException {
        Recursive() {
            super(null, null, false, false);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
