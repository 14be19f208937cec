package ai.crafted.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token usage summed over a loop's rounds ({@code prompt_tokens}, {@code completion_tokens},
 * {@code total_tokens}, OpenAI's usage object), so the client is charged-and-told for the whole
 * conversation the gateway ran, not only its last round.
 */
final class UsageTotals {

    private long prompt;
    private long completion;
    private long total;
    private boolean seen;

    /** Adds one round's usage object; anything else (null, missing) is ignored. */
    void add(JsonNode usage) {
        if (usage != null && usage.isObject()) {
            seen = true;
            prompt += usage.path("prompt_tokens").asLong();
            completion += usage.path("completion_tokens").asLong();
            total += usage.path("total_tokens").asLong();
        }
    }

    /** Whether any round reported usage. */
    boolean seen() {
        return seen;
    }

    ObjectNode toJson(ObjectMapper json) {
        return json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", total);
    }
}
