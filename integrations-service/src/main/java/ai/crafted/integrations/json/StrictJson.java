package ai.crafted.integrations.json;

import java.io.IOException;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

import ai.crafted.http.CanonicalUuid;

/**
 * Request bodies are read strictly, once for every endpoint: a duplicate key, content after the
 * JSON value, or a value of the wrong JSON type is an error rather than a guess (Jackson's
 * defaults accept all three: {@code "name": 123} becomes "123", {@code 1.5} becomes 1 for an int,
 * the last duplicate wins). Unknown fields are refused by {@code quarkus.jackson.fail-on-unknown-properties}.
 * A UUID field takes only the canonical 36-character form ({@link CanonicalUuid}): Jackson's own
 * deserializer also decodes a 24-character Base64 string into a UUID.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // Text only from JSON strings; numbers and booleans only from their own JSON types.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("canonical-uuid").addDeserializer(UUID.class, new CanonicalUuidDeserializer()));
    }

    /** A JSON string holding a canonical UUID; anything else is the field's wrong type (the mapper's 400). */
    private static final class CanonicalUuidDeserializer extends StdScalarDeserializer<UUID> {

        CanonicalUuidDeserializer() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            String text = parser.getText();
            var id = CanonicalUuid.parse(text);
            return id.isPresent() ? id.get()
                    : (UUID) context.handleWeirdStringValue(UUID.class, text, "not a UUID in its 36-character form");
        }
    }
}
