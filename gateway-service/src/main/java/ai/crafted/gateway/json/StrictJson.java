package ai.crafted.gateway.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

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
}
