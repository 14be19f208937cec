package ai.crafted.testsupport.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Anthropic through its OpenAI SDK compatibility endpoint (docs.anthropic.com, "OpenAI SDK
 * compatibility": function tools become Messages API tools, {@code parameters} becomes
 * {@code input_schema}). Messages API reference, tools: name {@code ^[a-zA-Z0-9_-]{1,64}$};
 * {@code input_schema} required, "JSON schema for this tool's input", {@code type: "object"};
 * "JSON schema is invalid. It must match JSON Schema draft 2020-12"; "input_schema does not
 * support oneOf, allOf, or anyOf at the top level" (anthropics/claude-code#5973); a {@code $ref}
 * that resolves to nothing is refused.
 */
final class AnthropicToolRules implements ProviderToolRules {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    @Override
    public String name() {
        return "Anthropic";
    }

    @Override
    public List<String> problems(JsonNode request) {
        List<String> problems = new ArrayList<>();
        for (JsonNode function : ProviderToolRules.functions(request, problems)) {
            String name = function.path("name").asText();
            String at = "tools." + name + ": ";
            if (!NAME.matcher(name).matches()) {
                problems.add(at + "name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
            }
            JsonNode schema = function.get("parameters");
            if (schema == null) {
                problems.add(at + "input_schema: Field required");
                continue;
            }
            if (!"object".equals(schema.path("type").asText())) {
                problems.add(at + "input_schema.type: Input should be 'object'");
            }
            Metaschema.problems(schema).forEach(p -> problems.add(at + "JSON schema is invalid. It must match JSON Schema draft 2020-12: " + p));
            for (String keyword : List.of("oneOf", "allOf", "anyOf")) {
                if (schema.has(keyword)) {
                    problems.add(at + "input_schema does not support oneOf, allOf, or anyOf at the top level");
                }
            }
            ProviderToolRules.eachSchema(schema, "", (node, where) -> {
                String ref = node.path("$ref").asText(null);
                if (ref != null && (!ref.startsWith("#") || (!ref.equals("#")
                        && schema.at(JsonPointer.compile(ref.substring(1))).isMissingNode()))) {
                    problems.add(at + "input_schema: unresolvable $ref '" + ref + "' at " + where);
                }
            });
        }
        return problems;
    }
}
