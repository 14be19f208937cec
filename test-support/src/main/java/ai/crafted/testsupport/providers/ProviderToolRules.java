package ai.crafted.testsupport.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a model provider checks the {@code tools} of a chat-completions request, written from that
 * provider's documentation and public refusal reports (each implementation cites them), and
 * independently of the gateway's tool compiler: a test upstream that answers 400 when these
 * rules find a problem behaves like the provider would.
 */
public interface ProviderToolRules {

    /** The provider's name, for messages. */
    String name();

    /** Every problem the provider would refuse the request's tools for; empty when it accepts them. */
    List<String> problems(JsonNode request);

    static ProviderToolRules openAi() {
        return new OpenAiToolRules();
    }

    static ProviderToolRules anthropic() {
        return new AnthropicToolRules();
    }

    static ProviderToolRules gemini() {
        return new GeminiToolRules();
    }

    /**
     * Calls {@code visit} with every subschema of {@code schema} and its location (JSON Schema 2020-12
     * applicators and draft-07's definitions); boolean subschemas are skipped.
     */
    static void eachSchema(JsonNode schema, String at, BiConsumer<ObjectNode, String> visit) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        visit.accept(object, at);
        object.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" ->
                        value.fields().forEachRemaining(f -> eachSchema(f.getValue(), at + "/" + key + "/" + f.getKey(), visit));
                case "anyOf", "oneOf", "allOf", "prefixItems" -> {
                    for (int i = 0; i < value.size(); i++) {
                        eachSchema(value.get(i), at + "/" + key + "/" + i, visit);
                    }
                }
                case "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
                        "unevaluatedProperties", "unevaluatedItems", "additionalItems" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            eachSchema(value.get(i), at + "/" + key + "/" + i, visit);
                        }
                    } else {
                        eachSchema(value, at + "/" + key, visit);
                    }
                }
                default -> {
                }
            }
        });
    }

    /** The function objects of the request's tools, each with its index. */
    static List<JsonNode> functions(JsonNode request, List<String> problems) {
        List<JsonNode> functions = new ArrayList<>();
        JsonNode tools = request.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText()) || !tool.path("function").isObject()) {
                problems.add("tools[" + i + "]: not a function tool");
                continue;
            }
            functions.add(tool.get("function"));
        }
        return functions;
    }
}
