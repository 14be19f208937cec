package ai.crafted.integrations.ui;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The "Try tool" form made from a tool's input schema (JSON Schema): one input per top-level
 * property, by type — text for {@code string}, a number input for {@code integer} and
 * {@code number}, a choice for {@code boolean} and {@code enum}, and a JSON text area for
 * anything else (objects, arrays, unions) — and the way back from the submitted fields to one
 * arguments object. An empty field is left out of the arguments (the tool's default applies); the
 * server and the gateway judge what is missing, as they would for a model's call. A non-blank
 * {@value #JSON_FIELD} replaces the fields with a whole JSON object.
 */
public final class ToolArgumentsForm {

    /** The form field holding a whole arguments object, for what the fields cannot say. */
    public static final String JSON_FIELD = "argumentsJson";
    /** Form field names of the properties start with this (they cannot clash with the form's own fields). */
    public static final String PREFIX = "arg:";
    /** The most digits a number field takes (JSON numbers beyond this are not what a person types). */
    static final int MAX_DIGITS = 100;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1," + MAX_DIGITS + "}");
    /** A JSON number (RFC 8259 section 6) with a bounded mantissa and an exponent of at most three digits. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0," + (MAX_DIGITS - 1) + "})(\\.[0-9]{1,"
            + MAX_DIGITS + "})?([eE][+-]?[0-9]{1,3})?");

    /** A choice of a select: the JSON text of the value, and how it reads. */
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * One input of the form.
     *
     * @param kind  {@code text}, {@code integer}, {@code number}, {@code choice} or {@code json}
     * @param value what the input holds (for {@code choice}: the JSON text of the selected value)
     */
    public record Field(String name, String kind, boolean required, String type, String description, List<Option> options,
            String value) {

        /** The form field's name. */
        public String input() {
            return PREFIX + name;
        }

        /** The key of this field's error. */
        public String errorKey() {
            return "arguments." + name;
        }
    }

    /** Arguments read from a form: the object, or per field what is wrong. */
    public record Read(ObjectNode arguments, Map<String, String> problems) {
    }

    private ToolArgumentsForm() {
    }

    /**
     * The inputs for a schema, filled from {@code values} (arguments sent before, or the submitted
     * fields being corrected: a map of input name to text); empty when the schema has no properties.
     */
    public static List<Field> fields(JsonNode schema, JsonNode arguments, Map<String, String> submitted, ObjectMapper json) {
        List<Field> fields = new ArrayList<>();
        if (schema == null || !schema.path("properties").isObject()) {
            return fields;
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode spec = property.getValue();
            String kind = kindOf(spec);
            JsonNode given = arguments == null ? null : arguments.get(property.getKey());
            String value = submitted != null ? submitted.getOrDefault(PREFIX + property.getKey(), "") : shown(kind, given);
            List<Option> options = new ArrayList<>();
            if (kind.equals("choice")) {
                options.add(new Option("", "(not given)", value.isEmpty()));
                for (JsonNode choice : choicesOf(spec, json)) {
                    options.add(new Option(choice.toString(), choice.isTextual() ? choice.asText() : choice.toString(),
                            choice.toString().equals(value)));
                }
            }
            fields.add(new Field(property.getKey(), kind, required.contains(property.getKey()), typeOf(spec),
                    spec.path("description").asText(""), options, value));
        }
        return fields;
    }

    /**
     * The arguments object from submitted form fields (input name to text), or what is wrong with
     * them, keyed {@code arguments.<property>} ({@code argumentsJson} for the whole object).
     */
    public static Read read(JsonNode schema, Map<String, String> submitted, ObjectMapper json) {
        Map<String, String> problems = new LinkedHashMap<>();
        String whole = submitted.getOrDefault(JSON_FIELD, "");
        if (!whole.isBlank()) {
            try {
                JsonNode value = json.readTree(whole);
                if (value != null && value.isObject()) {
                    return new Read((ObjectNode) value, problems);
                }
            } catch (JsonProcessingException e) {
                // answered below
            }
            problems.put(JSON_FIELD, "must be one JSON object, like {\"name\": \"value\"}");
            return new Read(null, problems);
        }
        ObjectNode arguments = json.createObjectNode();
        for (Field field : fields(schema, null, submitted, json)) {
            String text = field.value() == null ? "" : field.value();
            if (text.isBlank()) {
                continue;
            }
            switch (field.kind()) {
                case "text" -> arguments.put(field.name(), text);
                case "integer" -> {
                    // Digits only: an exponent ("1e500000000") would make the server compute a huge number.
                    if (INTEGER.matcher(text.trim()).matches()) {
                        arguments.put(field.name(), new BigInteger(text.trim()));
                    } else {
                        problems.put(field.errorKey(), "must be a whole number (digits, at most " + MAX_DIGITS + ")");
                    }
                }
                case "number" -> {
                    if (NUMBER.matcher(text.trim()).matches()) {
                        arguments.put(field.name(), new BigDecimal(text.trim()));
                    } else {
                        problems.put(field.errorKey(), "must be a number like 12, -0.5 or 1.5e3");
                    }
                }
                default -> {
                    try {
                        JsonNode value = json.readTree(text);
                        if (value == null || field.kind().equals("choice") && field.options().stream()
                                .noneMatch(o -> !o.value().isEmpty() && o.value().equals(value.toString()))) {
                            problems.put(field.errorKey(), "pick one of the listed values");
                        } else {
                            arguments.set(field.name(), value);
                        }
                    } catch (JsonProcessingException e) {
                        problems.put(field.errorKey(), "must be JSON (text in double quotes, numbers, true/false, [..] or {..})");
                    }
                }
            }
        }
        return new Read(problems.isEmpty() ? arguments : null, problems);
    }

    /**
     * A value sent before as its input shows it: text as typed (a string sent for a number field too:
     * "1", not "\"1\""), JSON laid out for the JSON areas, the JSON text of a choice.
     */
    private static String shown(String kind, JsonNode given) {
        if (given == null) {
            return "";
        }
        if (given.isTextual() && !kind.equals("json") && !kind.equals("choice")) {
            return given.asText();
        }
        return kind.equals("json") ? given.toPrettyString() : given.toString();
    }

    private static String kindOf(JsonNode spec) {
        if (spec.path("enum").isArray() && !spec.path("enum").isEmpty()) {
            return "choice";
        }
        return switch (typeOf(spec)) {
            case "string" -> "text";
            case "integer" -> "integer";
            case "number" -> "number";
            case "boolean" -> "choice";
            default -> "json";
        };
    }

    /** The property's one type (a nullable type counts as its non-null one), or "" when it has several or none. */
    private static String typeOf(JsonNode spec) {
        JsonNode type = spec.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> {
                if (!"null".equals(t.asText())) {
                    types.add(t.asText());
                }
            });
            return types.size() == 1 ? types.get(0) : "";
        }
        return "";
    }

    private static List<JsonNode> choicesOf(JsonNode spec, ObjectMapper json) {
        List<JsonNode> choices = new ArrayList<>();
        if (spec.path("enum").isArray() && !spec.path("enum").isEmpty()) {
            spec.path("enum").forEach(choices::add);
        } else {
            choices.add(json.getNodeFactory().booleanNode(true));
            choices.add(json.getNodeFactory().booleanNode(false));
        }
        return choices;
    }
}
