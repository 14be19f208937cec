package ai.crafted.testsupport.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gemini through its OpenAI-compatible endpoint (ai.google.dev, "OpenAI compatibility"): tools
 * become function declarations whose {@code parameters} are the API's {@code Schema} object
 * (https://ai.google.dev/api/caching#Schema, an OpenAPI 3.0 subset):
 * <ul>
 * <li>function name: starts with a letter or underscore, then {@code a-z A-Z 0-9 _ . : -}, at
 * most 64 (FunctionDeclaration.name);</li>
 * <li>only the Schema fields exist (type, format, title, description, nullable, enum, maxItems,
 * minItems, properties, required, minProperties, maxProperties, minLength, maxLength, pattern,
 * example, anyOf, propertyOrdering, default, items, minimum, maximum); any other field is
 * "Invalid JSON payload received. Unknown name";</li>
 * <li>{@code type} is one of the Type enum (string, number, integer, boolean, array, object, null),
 * a single value; every schema but a pure {@code anyOf} has one;</li>
 * <li>{@code enum} only strings; OBJECT has non-empty {@code properties}
 * ("properties: should be non-empty for OBJECT type"); {@code required} names declared properties;</li>
 * <li>{@code format}: string enum/date-time, number float/double, integer int32/int64.</li>
 * </ul>
 */
final class GeminiToolRules implements ProviderToolRules {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$");
    private static final Set<String> FIELDS = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
            "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object", "null");
    private static final Map<String, Set<String>> FORMATS = Map.of("string", Set.of("enum", "date-time"),
            "number", Set.of("float", "double"), "integer", Set.of("int32", "int64"));

    @Override
    public String name() {
        return "Gemini";
    }

    @Override
    public List<String> problems(JsonNode request) {
        List<String> problems = new ArrayList<>();
        for (JsonNode function : ProviderToolRules.functions(request, problems)) {
            String name = function.path("name").asText();
            String at = "function_declarations[" + name + "]: ";
            if (!NAME.matcher(name).matches()) {
                problems.add(at + "Invalid function name");
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null) {
                check(parameters, at + "parameters", problems);
            }
        }
        return problems;
    }

    private static void check(JsonNode schema, String at, List<String> problems) {
        if (!schema.isObject()) {
            problems.add(at + ": Invalid value (a Schema object is required)");
            return;
        }
        schema.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(at + ": Invalid JSON payload received. Unknown name \"" + field + "\"");
            }
        });
        JsonNode type = schema.get("type");
        if (type == null && !schema.has("anyOf")) {
            problems.add(at + ": type must be specified");
        } else if (type != null && (!type.isTextual() || !TYPES.contains(type.asText().toLowerCase()))) {
            problems.add(at + ".type: Invalid value " + type);
        }
        String kind = type == null ? "" : type.asText().toLowerCase();
        schema.path("enum").forEach(v -> {
            if (!v.isTextual()) {
                problems.add(at + ".enum: Invalid value " + v + " (string expected)");
            }
        });
        if (schema.has("enum") && schema.get("enum").isEmpty()) {
            problems.add(at + ".enum: must not be empty");
        }
        if (schema.has("format") && !FORMATS.getOrDefault(kind, Set.of()).contains(schema.path("format").asText())) {
            problems.add(at + ".format: unsupported format '" + schema.path("format").asText() + "' for type " + kind);
        }
        if (kind.equals("object")) {
            if (schema.path("properties").isEmpty()) {
                problems.add(at + ".properties: should be non-empty for OBJECT type");
            }
            schema.path("required").forEach(r -> {
                if (!schema.path("properties").has(r.asText())) {
                    problems.add(at + ".required: property is not defined: " + r.asText());
                }
            });
        }
        schema.path("properties").fields().forEachRemaining(f -> check(f.getValue(), at + ".properties." + f.getKey(), problems));
        if (schema.has("items")) {
            check(schema.get("items"), at + ".items", problems);
        }
        JsonNode anyOf = schema.path("anyOf");
        for (int i = 0; i < anyOf.size(); i++) {
            check(anyOf.get(i), at + ".anyOf[" + i + "]", problems);
        }
    }
}
