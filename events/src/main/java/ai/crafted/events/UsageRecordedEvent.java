package ai.crafted.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One chat request the gateway served ({@code /v1/chat/completions} or {@code /v1/responses},
 * streamed or not, by its tool loop or passed through to the provider), published by gateway-service on
 * {@link Topics#USAGE_RECORDED} keyed by organisation id, for integrations-service to aggregate
 * into daily usage. Carries figures only: no prompt or response text, no tool arguments or
 * results, no secrets. All durations are wall-clock milliseconds measured by the gateway.
 *
 * @param api         {@code chat.completions} or {@code responses} ({@link #API_CHAT_COMPLETIONS}, {@link #API_RESPONSES})
 * @param model       the model the client asked for when the provider answered (a model round, or
 *                    {@code ok}); {@link #MODEL_UNANSWERED} for a request that failed before the
 *                    provider answered, since a name the provider never accepted is whatever the
 *                    client sent and would make one daily row per made-up name
 * @param stream      whether the client asked for {@code stream: true}
 * @param status      how the request ended: {@link #STATUS_OK} (answered), {@link #STATUS_UPSTREAM_ERROR}
 *                    (the provider failed, timed out or answered an error), {@link #STATUS_CLIENT_DISCONNECTED}
 *                    (the client went away before the answer), {@link #STATUS_ERROR} (the gateway's own failure)
 * @param rounds      one entry per model round that answered, in order (OpenAI's usage figures;
 *                    {@link Round#UNKNOWN} when the provider reported none); a passed-through
 *                    stream has one round from its usage event, read on the side as it is
 *                    piped, or none when it sent no usage event (its tokens are unknown)
 * @param toolCalls   every plugin tool call the gateway ran, in the order they ended
 * @param totalMs     from the request's arrival at the loop to its end
 * @param upstreamMs  time spent waiting on the model (each round from request sent to the last
 *                    byte of its answer, streamed rounds included)
 * @param toolMs      time spent running tool rounds (wall time of each round's concurrent calls)
 * @param gatewayMs   the gateway's own time: {@code totalMs - upstreamMs - toolMs}, never below 0
 */
public record UsageRecordedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID apiKeyId,
        String api,
        String model,
        boolean stream,
        String status,
        List<Round> rounds,
        List<ToolCall> toolCalls,
        double totalMs,
        double upstreamMs,
        double toolMs,
        double gatewayMs) {

    public static final int SCHEMA_VERSION = 1;
    public static final String API_CHAT_COMPLETIONS = "chat.completions";
    public static final String API_RESPONSES = "responses";

    /** {@code status}: the request was answered. */
    public static final String STATUS_OK = "ok";
    /** {@code status}: the provider failed, timed out or answered an error. */
    public static final String STATUS_UPSTREAM_ERROR = "upstream_error";
    /** {@code status}: the client went away before the end of the answer. */
    public static final String STATUS_CLIENT_DISCONNECTED = "client_disconnected";
    /** {@code status}: the gateway's own failure. */
    public static final String STATUS_ERROR = "error";

    /** {@code model} of a request that failed before the provider answered (one label, not the client's string). */
    public static final String MODEL_UNANSWERED = "(unanswered)";

    /** {@link ToolCall#outcome()}: the MCP server answered. */
    public static final String OUTCOME_OK = "ok";
    /** {@link ToolCall#outcome()}: the MCP server answered {@code isError: true}. */
    public static final String OUTCOME_TOOL_ERROR = "tool_error";
    /** {@link ToolCall#outcome()}: not called, the model's arguments were not one JSON object (never reached the server). */
    public static final String OUTCOME_BAD_ARGUMENTS = "bad_arguments";
    /** {@link ToolCall#outcome()}: transport failure, timeout or missing credential. */
    public static final String OUTCOME_ERROR = "error";

    /**
     * The model label to record: {@code model} when the provider answered ({@code ok}, or at least
     * one model round), else {@link #MODEL_UNANSWERED}.
     */
    public static String recordedModel(String model, String status, int answeredRounds) {
        return STATUS_OK.equals(status) || answeredRounds > 0 ? model : MODEL_UNANSWERED;
    }

    /**
     * One model round's token usage, OpenAI's {@code usage.prompt_tokens} and
     * {@code usage.completion_tokens}; both {@code -1} ({@link #UNKNOWN}) for a round whose
     * provider reported no usage (its tokens are unknown, not 0).
     */
    public record Round(long promptTokens, long completionTokens) {

        /** A round answered without usage figures. */
        public static final Round UNKNOWN = new Round(-1, -1);

        /** True for {@link #UNKNOWN} (any negative figure). */
        public boolean unmetered() {
            return promptTokens < 0 || completionTokens < 0;
        }
    }

    /**
     * One plugin tool call.
     *
     * @param integrationId the plugin (integration) the tool belongs to
     * @param slug          the plugin's slug when the call was made
     * @param tool          the MCP tool's own name (not the {@code slug__tool} name the model saw)
     * @param latencyMs     from the call's start to its outcome
     * @param outcome       the gateway's tool-call outcome: {@code ok}, {@code tool_error} (the
     *                      server answered {@code isError: true}), {@code bad_arguments} (not
     *                      called: the model's arguments were not one JSON object), {@code error}
     *                      (transport, timeout, credential)
     */
    public record ToolCall(UUID integrationId, String slug, String tool, double latencyMs, String outcome) {
    }
}
