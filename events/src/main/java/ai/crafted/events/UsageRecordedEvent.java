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
 * @param model       the model the client asked for
 * @param stream      whether the client asked for {@code stream: true}
 * @param status      how the request ended: {@code ok} (answered), {@code upstream_error} (the
 *                    provider failed, timed out or answered an error), {@code client_disconnected}
 *                    (a streaming client went away), {@code error} (the gateway's own failure)
 * @param rounds      one entry per model round that answered, in order (OpenAI's usage figures;
 *                    0 when the provider reported none; none for a passed-through stream, which
 *                    is piped unread)
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

    /**
     * One model round's token usage, OpenAI's {@code usage.prompt_tokens} and
     * {@code usage.completion_tokens}.
     */
    public record Round(long promptTokens, long completionTokens) {
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
