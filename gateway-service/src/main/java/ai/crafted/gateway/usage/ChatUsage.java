package ai.crafted.gateway.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.gateway.apikey.ApiKeyCaller;
import ai.crafted.gateway.tools.InjectedTool;

/**
 * What one chat request the gateway served cost, measured while it runs: the model rounds
 * with their token usage, each plugin tool call with its latency and outcome, and where the time
 * went (waiting on the model, running tools, the gateway itself). Read at the end as a
 * {@link UsageRecordedEvent} and as a W3C {@code Server-Timing} header value.
 *
 * <p>Thread-safe: a non-streamed loop's tool calls end on other threads than its model rounds.
 * Times are {@link System#nanoTime()} differences; figures are milliseconds.
 */
public final class ChatUsage {

    private final UUID organizationId;
    private final UUID apiKeyId;
    private final String api;
    private final String model;
    private final boolean stream;
    private final long started = System.nanoTime();
    private final List<UsageRecordedEvent.Round> rounds = new ArrayList<>();
    private final List<UsageRecordedEvent.ToolCall> toolCalls = new ArrayList<>();
    private long upstreamNanos;
    private long toolNanos;
    /** When the model round or tool round now in flight started (nanoTime), -1 while none is. */
    private long upstreamInFlight = -1;
    private long toolsInFlight = -1;
    private long ended = -1;
    private boolean recorded;

    private ChatUsage(UUID organizationId, UUID apiKeyId, String api, String model, boolean stream) {
        this.organizationId = organizationId;
        this.apiKeyId = apiKeyId;
        this.api = api;
        this.model = model;
        this.stream = stream;
    }

    /**
     * Starts measuring a request now.
     *
     * @param api {@link UsageRecordedEvent#API_CHAT_COMPLETIONS} or {@link UsageRecordedEvent#API_RESPONSES}
     */
    public static ChatUsage start(ApiKeyCaller caller, String api, String model, boolean stream) {
        return new ChatUsage(caller.organizationId(), caller.apiKeyId(), api, model, stream);
    }

    /**
     * One model round answered; {@code usage} is OpenAI's usage object: chat completions'
     * {@code prompt_tokens}/{@code completion_tokens}, or the Responses API's
     * {@code input_tokens}/{@code output_tokens}. Without a numeric figure for either (no usage
     * object, null, a provider that ignores {@code stream_options.include_usage}) the round is
     * {@link UsageRecordedEvent.Round#UNKNOWN}: unmetered, not 0 tokens.
     */
    public synchronized void round(JsonNode usage) {
        JsonNode given = usage == null ? MissingNode.getInstance() : usage;
        JsonNode prompt = given.has("prompt_tokens") ? given.path("prompt_tokens") : given.path("input_tokens");
        JsonNode completion = given.has("completion_tokens") ? given.path("completion_tokens") : given.path("output_tokens");
        rounds.add(prompt.isNumber() || completion.isNumber()
                ? new UsageRecordedEvent.Round(Math.max(0, prompt.asLong()), Math.max(0, completion.asLong()))
                : UsageRecordedEvent.Round.UNKNOWN);
    }

    /**
     * A request to the model is sent now; returns the time to hand to {@link #upstreamSince} when
     * it ends. Until then the wait counts as the model's if the request is recorded meanwhile (a
     * client that leaves mid-round), not as the gateway's.
     */
    public synchronized long upstreamAsked() {
        upstreamInFlight = System.nanoTime();
        return upstreamInFlight;
    }

    /** Time spent waiting on the model since {@code sinceNanos} ({@link #upstreamAsked}), counted now; nothing once finished. */
    public synchronized void upstreamSince(long sinceNanos) {
        if (upstreamInFlight == sinceNanos) {
            upstreamInFlight = -1;
        }
        if (ended < 0) {
            upstreamNanos += Math.max(0, System.nanoTime() - sinceNanos);
        }
    }

    /** A tool round starts now; returns the time to hand to {@link #toolRoundSince} (see {@link #upstreamAsked}). */
    public synchronized long toolRoundStarted() {
        toolsInFlight = System.nanoTime();
        return toolsInFlight;
    }

    /** A tool round (its calls run concurrently) that started at {@code sinceNanos} ended now; nothing once finished. */
    public synchronized void toolRoundSince(long sinceNanos) {
        if (toolsInFlight == sinceNanos) {
            toolsInFlight = -1;
        }
        if (ended < 0) {
            toolNanos += Math.max(0, System.nanoTime() - sinceNanos);
        }
    }

    /** One plugin tool call that took {@code nanos} and ended with the executor's {@code outcome}. */
    public synchronized void toolCall(InjectedTool tool, long nanos, String outcome) {
        toolCalls.add(new UsageRecordedEvent.ToolCall(tool.plugin().integrationId(), tool.plugin().state().slug(),
                tool.tool().name(), millis(nanos), outcome));
    }

    /** The number of model rounds that answered so far. */
    public synchronized int rounds() {
        return rounds.size();
    }

    /**
     * Claims this request's one record: true the first time, false after (a client that went away
     * is recorded when it goes, and the answer arriving later must not record it again).
     */
    public synchronized boolean claimRecord() {
        if (recorded) {
            return false;
        }
        recorded = true;
        return true;
    }

    /**
     * Stops the clock (the first call counts; later ones change nothing). A model or tool round
     * still in flight counts as the model's or the tools' time up to now.
     */
    public synchronized void finish() {
        if (ended < 0) {
            ended = System.nanoTime();
            if (upstreamInFlight >= 0) {
                upstreamNanos += Math.max(0, ended - upstreamInFlight);
                upstreamInFlight = -1;
            }
            if (toolsInFlight >= 0) {
                toolNanos += Math.max(0, ended - toolsInFlight);
                toolsInFlight = -1;
            }
        }
    }

    /** The request's time so far, or until {@link #finish()}, in milliseconds. */
    public synchronized double totalMs() {
        return millis((ended < 0 ? System.nanoTime() : ended) - started);
    }

    /** Time spent waiting on the model so far, in milliseconds (see {@link #upstreamSince}). */
    public synchronized double upstreamMs() {
        return millis(upstreamNanos);
    }

    /** Time spent running tool rounds so far, in milliseconds (see {@link #toolRoundSince}). */
    public synchronized double toolMs() {
        return millis(toolNanos);
    }

    /** The gateway's own time: total minus model and tools, never below 0 (clocks are read at slightly different moments). */
    public synchronized double gatewayMs() {
        return Math.max(0, Math.round((totalMs() - upstreamMs() - toolMs()) * 10) / 10.0);
    }

    /**
     * The W3C Server-Timing value ({@code https://www.w3.org/TR/server-timing/}): {@code gateway},
     * {@code model} and {@code tools} durations in milliseconds (one decimal) and the number of
     * model rounds as {@code rounds;desc="N"}, e.g.
     * {@code gateway;dur=12.3, model;dur=840.1, tools;dur=95.0, rounds;desc="2"}.
     */
    public synchronized String serverTiming() {
        return "gateway;dur=" + oneDecimal(gatewayMs()) + ", model;dur=" + oneDecimal(upstreamMs()) + ", tools;dur="
                + oneDecimal(toolMs()) + ", rounds;desc=\"" + rounds.size() + "\"";
    }

    /**
     * The record of this request (finishing it if not yet finished). Its model is the one the
     * client asked for only when the provider answered; a request that failed before is recorded
     * under {@link UsageRecordedEvent#MODEL_UNANSWERED}, so made-up model names (a wildcard
     * upstream passes any) cannot add one daily row each.
     *
     * @param status {@code ok}, {@code upstream_error}, {@code client_disconnected} or {@code error}
     */
    public synchronized UsageRecordedEvent toEvent(String status) {
        finish();
        return new UsageRecordedEvent(UsageRecordedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), organizationId,
                apiKeyId, api, UsageRecordedEvent.recordedModel(model, status, rounds.size()), stream, status, List.copyOf(rounds), List.copyOf(toolCalls), totalMs(), upstreamMs(),
                toolMs(), gatewayMs());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    private static String oneDecimal(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
