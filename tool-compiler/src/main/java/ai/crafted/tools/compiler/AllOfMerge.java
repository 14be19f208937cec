package ai.crafted.tools.compiler;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Folds {@code allOf} into the schema that holds it when that keeps its meaning: a conjunction of
 * schemas whose keywords do not overlap validates exactly like one schema with all of them.
 * {@code properties} and {@code required} may come from several branches (distinct property
 * names; required lists are joined) and {@code type} may repeat when equal, except that
 * properties from several places cannot be joined when any of them restricts additional
 * properties (those keywords only see their own schema's properties).
 */
final class AllOfMerge {

    private static final Set<String> SEES_OWN_PROPERTIES = Set.of("additionalProperties", "patternProperties",
            "unevaluatedProperties");

    private AllOfMerge() {
    }

    /** The merged schema, or empty when {@code schema}'s {@code allOf} cannot be folded without changing its meaning. */
    static Optional<ObjectNode> merge(ObjectNode schema) {
        if (!(schema.get("allOf") instanceof ArrayNode branches)) {
            return Optional.empty();
        }
        ObjectNode merged = schema.deepCopy();
        merged.remove("allOf");
        int propertySources = merged.has("properties") ? 1 : 0;
        boolean restrictsExtras = SEES_OWN_PROPERTIES.stream().anyMatch(merged::has);
        for (JsonNode branch : branches) {
            if (!(branch instanceof ObjectNode part)) {
                if (branch.asBoolean(false)) {
                    continue; // true: no constraint
                }
                return Optional.empty();
            }
            if (part.has("allOf")) {
                Optional<ObjectNode> inner = merge(part);
                if (inner.isEmpty()) {
                    return Optional.empty();
                }
                part = inner.get();
            }
            if (part.has("properties")) {
                propertySources++;
            }
            restrictsExtras |= SEES_OWN_PROPERTIES.stream().anyMatch(part::has);
            for (var it = part.fields(); it.hasNext();) {
                var field = it.next();
                String key = field.getKey();
                JsonNode mine = merged.get(key);
                if (mine == null) {
                    merged.set(key, field.getValue().deepCopy());
                } else if (key.equals("properties") && mine.isObject() && field.getValue().isObject()) {
                    for (var p = field.getValue().fields(); p.hasNext();) {
                        var property = p.next();
                        if (mine.has(property.getKey())) {
                            return Optional.empty();
                        }
                        ((ObjectNode) mine).set(property.getKey(), property.getValue().deepCopy());
                    }
                } else if (key.equals("required") && mine.isArray() && field.getValue().isArray()) {
                    Set<String> names = new LinkedHashSet<>();
                    mine.forEach(n -> names.add(n.asText()));
                    field.getValue().forEach(n -> names.add(n.asText()));
                    ArrayNode joined = merged.putArray("required");
                    names.forEach(joined::add);
                } else if (!mine.equals(field.getValue()) && !Set.of("description", "title").contains(key)) {
                    return Optional.empty();
                }
            }
        }
        if (propertySources > 1 && restrictsExtras) {
            return Optional.empty();
        }
        return Optional.of(merged);
    }
}
