package ai.crafted.integrations.trial;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON value exactly as sent, for arguments passed on to a tool: numbers keep every digit
 * ({@code 0.1000000000000000000001} stays so, {@code 1e999999999} is not turned into
 * {@code "Infinity"}, as reading through {@code double} would), and a string that is not valid
 * Unicode (an unpaired surrogate, which UTF-8 cannot carry and would reach the tool as {@code ?})
 * is refused. The parser's own limits (nesting depth, number length, duplicate keys) still apply.
 */
public class ExactJsonDeserializer extends JsonDeserializer<JsonNode> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return read(parser, context);
    }

    @Override
    public JsonNode getNullValue(DeserializationContext context) {
        return NODES.nullNode();
    }

    private static JsonNode read(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = valid(parser.currentName(), parser, context);
                    parser.nextToken();
                    object.set(name, read(parser, context));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, context));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(valid(parser.getText(), parser, context));
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return (JsonNode) context.handleUnexpectedToken(JsonNode.class, parser);
            }
        }
    }

    private static String valid(String text, JsonParser parser, DeserializationContext context) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (unpaired) {
                throw context.weirdStringException(text, String.class, "not valid Unicode (an unpaired surrogate at position "
                        + i + ")");
            }
        }
        return text;
    }
}
