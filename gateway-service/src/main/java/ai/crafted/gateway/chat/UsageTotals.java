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
    private long cached;
    private long reasoning;
    private boolean details;
    private boolean seen;

    /** Adds one round's usage object; anything else (null, missing) is ignored. */
    void add(JsonNode usage) {
        if (usage != null && usage.isObject()) {
            seen = true;
            prompt += usage.path("prompt_tokens").asLong();
            completion += usage.path("completion_tokens").asLong();
            total += usage.path("total_tokens").asLong();
            JsonNode cachedTokens = usage.path("prompt_tokens_details").path("cached_tokens");
            JsonNode reasoningTokens = usage.path("completion_tokens_details").path("reasoning_tokens");
            details |= cachedTokens.isNumber() || reasoningTokens.isNumber();
            cached += cachedTokens.asLong();
            reasoning += reasoningTokens.asLong();
        }
    }

    /** Whether any round reported usage. */
    boolean seen() {
        return seen;
    }

    /** The sums; {@code prompt_tokens_details.cached_tokens} and {@code completion_tokens_details.reasoning_tokens} when a round had them. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode sums = json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", total);
        if (details) {
            sums.putObject("prompt_tokens_details").put("cached_tokens", cached);
            sums.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        }
        return sums;
    }
}
