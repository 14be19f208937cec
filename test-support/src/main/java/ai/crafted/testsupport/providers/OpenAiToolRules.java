package ai.crafted.testsupport.providers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI chat completions (API reference, "Create chat completion": tools, FunctionObject):
 * <ul>
 * <li>at most 128 tools ({@code array_above_max_length});</li>
 * <li>name {@code ^[a-zA-Z0-9_-]{1,64}$}; description at most 1,024 characters
 * ({@code string_above_max_length}, e.g. getsentry/sentry-mcp#106);</li>
 * <li>{@code parameters}: a JSON Schema object whose root is {@code type: object}
 * (vercel/ai#7005) without {@code oneOf}/{@code anyOf}/{@code allOf}/{@code enum}/{@code not} at
 * the top level (chatanywhere/GPT_API_free#403), with {@code properties} ("object schema missing properties",
 * Azure/azure-mcp#197); an array schema needs {@code items} ("array schema missing items",
 * spring-ai#2561); invalid schemas are {@code invalid_function_parameters};</li>
 * <li>with {@code "strict": true}, the Structured Outputs subset
 * (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas): every object
 * has {@code additionalProperties: false} and all its properties in {@code required}; the root
 * is not {@code anyOf}; every schema has a {@code type} (or is an anyOf/enum/const/$ref); no
 * {@code allOf}, {@code not}, {@code if}/{@code then}/{@code else}, {@code dependentRequired},
 * {@code dependentSchemas}, {@code patternProperties}, {@code oneOf}; string keywords only
 * {@code pattern} and {@code format} (date-time, time, date, duration, email, hostname, ipv4, ipv6,
 * uuid); array keywords only {@code minItems}/{@code maxItems}; at most 5,000 properties,
 * 10 levels of nesting, 1,000 enum values.</li>
 * </ul>
 */
final class OpenAiToolRules implements ProviderToolRules {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final Set<String> STRICT_REFUSED = Set.of("allOf", "not", "if", "then", "else", "dependentRequired",
            "dependentSchemas", "patternProperties", "oneOf", "minLength", "maxLength", "minProperties",
            "maxProperties", "uniqueItems", "default", "examples", "propertyNames", "unevaluatedProperties",
            "prefixItems", "contains", "$schema");
    private static final Set<String> STRICT_FORMATS = Set.of("date-time", "time", "date", "duration", "email", "hostname",
            "ipv4", "ipv6", "uuid");

    @Override
    public String name() {
        return "OpenAI";
    }

    @Override
    public List<String> problems(JsonNode request) {
        List<String> problems = new ArrayList<>();
        if (request.path("tools").size() > 128) {
            problems.add("array_above_max_length: tools has " + request.path("tools").size() + " items, at most 128");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode function : ProviderToolRules.functions(request, problems)) {
            String name = function.path("name").asText();
            String at = "tool " + name + ": ";
            if (!NAME.matcher(name).matches()) {
                problems.add(at + "name does not match ^[a-zA-Z0-9_-]{1,64}$");
            }
            if (!names.add(name)) {
                problems.add(at + "duplicate function name");
            }
            if (function.path("description").asText("").length() > 1024) {
                problems.add(at + "string_above_max_length: description longer than 1024");
            }
            JsonNode parameters = function.get("parameters");
            if (parameters == null) {
                continue;
            }
            if (!parameters.isObject()) {
                problems.add(at + "invalid_function_parameters: parameters is not an object");
                continue;
            }
            Metaschema.problems(parameters).forEach(p -> problems.add(at + "invalid_function_parameters: " + p));
            for (String keyword : List.of("oneOf", "anyOf", "allOf", "enum", "not")) {
                if (parameters.has(keyword)) {
                    problems.add(at + "invalid_function_parameters: schema must have type 'object' and not have"
                            + " 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level");
                }
            }
            if (!"object".equals(parameters.path("type").asText())) {
                problems.add(at + "invalid_function_parameters: schema must be a JSON Schema of 'type: \"object\"'");
            } else if (!parameters.has("properties")) {
                problems.add(at + "invalid_function_parameters: object schema missing properties");
            }
            ProviderToolRules.eachSchema(parameters, "", (schema, where) -> {
                if (hasType(schema, "array") && !schema.has("items")) {
                    problems.add(at + "invalid_function_parameters: array schema missing items at " + where);
                }
            });
            if (function.path("strict").asBoolean(false)) {
                strict(parameters, at, problems);
            }
        }
        return problems;
    }

    private static void strict(JsonNode parameters, String at, List<String> problems) {
        if (parameters.has("anyOf")) {
            problems.add(at + "strict: the root must not be anyOf");
        }
        int[] counts = new int[2];
        ProviderToolRules.eachSchema(parameters, "", (schema, where) -> {
            STRICT_REFUSED.stream().filter(schema::has)
                    .forEach(k -> problems.add(at + "strict: '" + k + "' is not permitted at " + where));
            if (schema.has("format") && !STRICT_FORMATS.contains(schema.path("format").asText())) {
                problems.add(at + "strict: format '" + schema.path("format").asText() + "' is not supported at " + where);
            }
            if (!schema.has("type") && !schema.has("anyOf") && !schema.has("enum") && !schema.has("const")
                    && !schema.has("$ref")) {
                problems.add(at + "strict: schema must have a 'type' key at " + where);
            }
            if (hasType(schema, "object")) {
                if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                    problems.add(at + "strict: 'additionalProperties' is required to be supplied and to be false at " + where);
                }
                Set<String> required = new HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                schema.path("properties").fieldNames().forEachRemaining(p -> {
                    counts[0]++;
                    if (!required.contains(p)) {
                        problems.add(at + "strict: 'required' must include every key in properties; missing '" + p + "' at " + where);
                    }
                });
            }
            counts[1] += schema.path("enum").size();
            if (where.split("/properties/|/items").length - 1 > 10) {
                problems.add(at + "strict: more than 10 levels of nesting at " + where);
            }
        });
        if (counts[0] > 5000) {
            problems.add(at + "strict: more than 5000 properties");
        }
        if (counts[1] > 1000) {
            problems.add(at + "strict: more than 1000 enum values");
        }
    }

    static boolean hasType(JsonNode schema, String type) {
        JsonNode t = schema.get("type");
        if (t == null) {
            return false;
        }
        if (t.isTextual()) {
            return t.asText().equals(type);
        }
        for (JsonNode each : t) {
            if (each.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
