package ai.crafted.gateway.json;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The strict reading of JSON the gateway is handed (client request bodies, a model's tool-call
 * arguments): a duplicate key or anything after the value is an error, not a guess. Provider and
 * MCP server answers keep the lenient shared mapper.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A reader of {@code json}'s configuration that refuses duplicate keys and trailing content. */
    public static ObjectReader reader(ObjectMapper json) {
        return json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * A request body read as exactly one JSON object by a {@link #reader}; empty for anything else
     * (not JSON, a duplicate key, content after the object, an array, a scalar, nothing).
     */
    public static Optional<ObjectNode> object(ObjectReader strict, byte[] body) {
        try {
            JsonNode parsed = strict.readTree(body);
            return parsed instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
