package ai.crafted.gateway.tools;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.json.StrictJson;

/**
 * The arguments of a model's tool call, read strictly. OpenAI's {@code function.arguments} is a
 * string that should hold one JSON object; models sometimes send several values
 * ({@code {"message":"first"} {"message":"second"}}), an array, a scalar or cut-off JSON. A lenient
 * parser would run the tool with the first value and drop the rest silently; here the tool is not
 * called and the model is told what was wrong so it can call again. An empty or missing string
 * means {@code {}} (models send it for tools without parameters).
 */
final class ToolArguments {

    /** Either the object, or why there is none (a sentence for the model). */
    record Parsed(ObjectNode object, String problem) {
    }

    private final ObjectMapper json;
    private final ObjectReader strict;

    ToolArguments(ObjectMapper json) {
        this.json = json;
        this.strict = StrictJson.reader(json);
    }

    Parsed parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return new Parsed(json.createObjectNode(), null);
        }
        JsonNode value;
        try {
            value = strict.readTree(arguments);
        } catch (Exception e) {
            String reason = e.getMessage() != null && e.getMessage().contains("Trailing token")
                    ? "there is more than one JSON value (or content after the object)"
                    : e.getMessage() != null && e.getMessage().contains("Duplicate field")
                            ? "a key appears twice" : "they are not valid JSON";
            return new Parsed(null, "the arguments must be exactly one JSON object, but " + reason);
        }
        if (value == null || !value.isObject()) {
            return new Parsed(null, "the arguments must be exactly one JSON object, not "
                    + (value == null ? "nothing" : value.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return new Parsed((ObjectNode) value, null);
    }
}
