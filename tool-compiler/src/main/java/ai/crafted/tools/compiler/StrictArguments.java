package ai.crafted.tools.compiler;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Undoes, in the model's arguments, what strict mode made the compiler do to optional properties:
 * they were sent as required and nullable, so the model sends {@code null} for "not given"; the
 * MCP server, whose schema has them optional and not nullable, must not see those nulls.
 */
public final class StrictArguments {

    private StrictArguments() {
    }

    /**
     * Removes, in place, the null values at {@code pointers} (JSON Pointers into the arguments;
     * a {@code *} token at an array means every item, at an object the property named "*").
     * Nulls elsewhere, and values that are not null, are kept.
     */
    public static void removeAbsentNulls(ObjectNode arguments, List<String> pointers) {
        for (String pointer : pointers) {
            if (pointer.isEmpty()) {
                continue;
            }
            String[] tokens = Arrays.stream(pointer.substring(1).split("/", -1))
                    .map(t -> t.replace("~1", "/").replace("~0", "~")).toArray(String[]::new);
            remove(arguments, tokens, 0);
        }
    }

    private static void remove(JsonNode node, String[] tokens, int at) {
        String token = tokens[at];
        boolean last = at == tokens.length - 1;
        if (node instanceof ArrayNode items && token.equals("*")) {
            if (!last) {
                items.forEach(item -> remove(item, tokens, at + 1));
            }
        } else if (node instanceof ObjectNode object) {
            JsonNode child = object.get(token);
            if (child == null) {
                return;
            }
            if (last) {
                if (child.isNull()) {
                    object.remove(token);
                }
            } else {
                remove(child, tokens, at + 1);
            }
        }
    }
}
