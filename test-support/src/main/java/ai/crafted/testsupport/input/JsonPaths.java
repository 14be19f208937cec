package ai.crafted.testsupport.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dotted field paths into JSON objects ({@code config.endpoint}), for tests that change one field
 * of a valid body at a time. Field names must not contain dots.
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    /**
     * Every field's path, depth first in document order; with {@code leavesOnly} the paths of
     * nested objects themselves are left out (only their fields are listed).
     */
    public static List<String> of(JsonNode node, boolean leavesOnly) {
        return of(node, "", leavesOnly);
    }

    private static List<String> of(JsonNode node, String prefix, boolean leavesOnly) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            boolean object = field.getValue().isObject();
            if (!object || !leavesOnly) {
                paths.add(path);
            }
            if (object) {
                paths.addAll(of(field.getValue(), path, leavesOnly));
            }
        });
        return paths;
    }

    /** The value at the path (a missing node when there is none). */
    public static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** A copy of {@code tree} with the value at {@code path} set (its parent objects must exist). */
    public static ObjectNode with(ObjectNode tree, String path, JsonNode value) {
        ObjectNode copy = tree.deepCopy();
        String[] parts = path.split("\\.");
        ObjectNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
        return copy;
    }

    /** A copy of {@code tree} without the fields at these paths (missing ones are ignored). */
    public static ObjectNode without(ObjectNode tree, Set<String> paths) {
        ObjectNode copy = tree.deepCopy();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            JsonNode parent = copy;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            if (parent instanceof ObjectNode object) {
                object.remove(parts[parts.length - 1]);
            }
        }
        return copy;
    }
}
