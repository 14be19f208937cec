package ai.crafted.integrations.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An organisation's usage over UTC days ({@code GET /organizations/{org}/usage}), from the
 * gateway's usage records. Times are milliseconds; percentiles are the upper bound of the
 * histogram bucket they fall in ({@link UsageLatencyBuckets}), null without calls.
 *
 * @param plugins       per plugin (most calls first), each with its tools (most calls first); at most
 *                      {@code integrations.usage.max-tool-rows} tools in all
 * @param toolsLeftOut  the number of further tools called in the range but not listed (0 normally);
 *                      their calls are in {@code totals} and {@code days}
 * @param models        requests and OpenAI tokens per surface (API key or WhatsApp app) and model, most
 *                      requests first, at most {@code integrations.usage.max-model-rows}
 * @param otherModels   the sums of the surfaces and models after those, null when there are none
 * @param days          every day of the range, oldest first (zeros included), for the chart
 */
public record UsageView(LocalDate from, LocalDate to, Totals totals, List<PluginUsage> plugins, long toolsLeftOut,
        List<ModelUsage> models, OtherModels otherModels, List<DayUsage> days) {

    /**
     * The whole range: chat requests (failed ones among them, and answered ones without token
     * figures: their tokens are not in the sums), plugin tool calls (errors among them), tokens.
     */
    public record Totals(long requests, long failedRequests, long unmeteredRequests, long toolCalls, long toolErrors, long promptTokens,
            long completionTokens) {
    }

    /**
     * One plugin.
     *
     * @param slug        its slug (the latest recorded; kept for a plugin deleted since)
     * @param displayName its current display name, null when it was deleted
     * @param errors      calls whose outcome was not {@code ok} ({@code tool_error}, {@code bad_arguments}, {@code error})
     */
    public record PluginUsage(UUID integrationId, String slug, String displayName, long calls, long errors, Double p50Ms,
            Double p95Ms, List<ToolUsage> tools) {
    }

    /** One MCP tool of a plugin (its own name, not the {@code slug__tool} name the model sees). */
    public record ToolUsage(String tool, long calls, long errors, Double p50Ms, Double p95Ms) {
    }

    /**
     * One surface and model.
     *
     * @param model      the model asked for, or {@code (unanswered)} for the requests that failed
     *                   before the provider answered (their names are the client's, unchecked)
     * @param failed     requests that did not end with an answer (provider error, disconnect, gateway error)
     * @param unmeteredRequests answered requests without token figures (a passed-through stream whose
     *                   provider sent no usage chunk): the token sums do not include them
     * @param rounds     model rounds over all requests
     * @param gatewayMs  the gateway's own time over all requests (not the model's, not the tools')
     * @param averageGatewayMs {@code gatewayMs} per request, to 0.1 ms
     * @param averageModelMs   time waiting on the model per request, to 0.1 ms
     */
    public record ModelUsage(UUID apiKeyId, Surface surface, String model, long requests, long failed, long unmeteredRequests,
            long rounds, long promptTokens, long completionTokens, double gatewayMs, double averageGatewayMs,
            double averageModelMs) {

        static ModelUsage of(UUID apiKeyId, Surface surface, String model, long requests, long failed, long unmetered,
                long rounds, long promptTokens, long completionTokens, double gatewayMs, double modelMs) {
            return new ModelUsage(apiKeyId, surface, model, requests, failed, unmetered, rounds, promptTokens, completionTokens,
                    Math.round(gatewayMs * 10) / 10.0, perRequest(gatewayMs, requests), perRequest(modelMs, requests));
        }

        private static double perRequest(double ms, long requests) {
            return requests == 0 ? 0 : Math.round(ms * 10 / requests) / 10.0;
        }
    }

    /**
     * The surfaces and models not listed, summed.
     *
     * @param combinations how many surface-and-model pairs these are
     */
    public record OtherModels(long combinations, long requests, long failed, long unmeteredRequests, long promptTokens,
            long completionTokens) {
    }

    /**
     * Who called with an API key.
     *
     * @param kind {@code api_key} (name: the key's name), {@code whatsapp_app} (the app whose gateway key
     *             it is; id: the app's id, name: its display name) or {@code unknown} (a key no longer on record)
     */
    public record Surface(String kind, UUID id, String name) {
    }

    /** One UTC day. */
    public record DayUsage(LocalDate day, long requests, long toolCalls, long toolErrors, long promptTokens,
            long completionTokens) {
    }
}
