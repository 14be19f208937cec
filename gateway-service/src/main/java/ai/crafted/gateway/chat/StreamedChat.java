package ai.crafted.gateway.chat;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.approval.ApprovalScope;
import ai.crafted.gateway.approval.ToolApprovals;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.tracing.GatewaySpans;
import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamException;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;
import ai.crafted.gateway.usage.UsageRecords;
import ai.crafted.mcp.transport.SseEvent;
import ai.crafted.mcp.transport.SseParser;

/**
 * One streamed chat with injected tools, from the first upstream round to the stream's end,
 * written through a {@link ChatStreamSink} (OpenAI's chat completion chunks, or the Responses
 * API's events).
 * Every round streams upstream ({@code stream: true}, usage always asked for so it can be
 * summed); each chunk is read as it arrives ({@link StreamedRound}): content goes to the client
 * at once, injected tool calls are held, run when the round ends, and the next round streams on.
 * SSE comments keep the connection alive ({@code : keep-alive}, from the provider's first
 * response head on, so the stream's head carries the provider's headers) and say which tool runs
 * ({@code : gateway tool <name> running} / {@code … done <outcome> in <ms> ms}, ignored by SDKs).
 *
 * <p>Failures: before anything was written the client gets the HTTP error a non-streamed request
 * would get; after, the stream ends with {@code event: error} and an OpenAI-shaped error. A
 * client that disconnects cancels the upstream request and the pending tool calls. All state is
 * touched on the request's event loop only.
 */
final class StreamedChat {

    private static final Logger LOG = Logger.getLogger(StreamedChat.class);
    /** Largest single event from a provider (bytes between two events); beyond it the stream is cut. */
    static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;
    /** The start of a stream kept to explain one that ends without a single event (a bare error body). */
    private static final int KEPT_START_BYTES = 2048;

    private final StreamingChatLoop loop;
    private final RoutingContext rc;
    private final HttpServerResponse out;
    private final UpstreamTarget target;
    private final ObjectNode request;
    private final ToolSet tools;
    private final ObjectMapper json;
    private final Context context;
    private final ChatStreamSink sink;
    private final ChunkIdentity identity;
    private final UsageTotals usage = new UsageTotals();
    private final ChatUsage meter;
    private final ApprovalScope scope;
    /** When the current round was sent to the provider (System.nanoTime), -1 while none is in flight. */
    private long roundAsked = -1;
    private long keepalive = -1;
    /** Whether the provider's first response head has arrived (keep-alives start then). */
    private boolean providerAnswered;
    private int roundNumber = 1;
    private StreamedRound round;
    private GatewaySpans.ChatRound roundSpan;
    private boolean roundEnded;
    private HttpClientResponse upstream;
    private Cancellable pending;
    private boolean finished;
    /** When the provider last sent bytes (System.nanoTime), while a round streams. */
    private long lastUpstreamData;
    private long bytesSinceEvent;
    private boolean sawEvent;
    private Buffer streamStart = Buffer.buffer();

    /**
     * @param identity the identity the sink's chunks carry (the sink may write chunks of its own with it)
     * @param meter    measures the request; its usage record is sent when the stream ends, however it ends
     */
    StreamedChat(StreamingChatLoop loop, RoutingContext rc, UpstreamTarget target, ObjectNode request, ToolSet tools,
            ChunkIdentity identity, ChatStreamSink sink, ChatUsage meter, ApprovalScope scope) {
        this.loop = loop;
        this.scope = scope;
        this.rc = rc;
        this.out = rc.response();
        this.target = target;
        this.request = request;
        this.tools = tools;
        this.json = loop.json();
        this.context = loop.vertx().getOrCreateContext();
        this.identity = identity;
        this.sink = sink;
        this.meter = meter;
    }

    void start() {
        request.remove("tools");
        request.put("stream", true);
        ObjectNode streamOptions = request.path("stream_options") instanceof ObjectNode given ? given : request.putObject("stream_options");
        streamOptions.put("include_usage", true);
        sink.open(out);
        out.closeHandler(ignored -> clientGone());
        keepalive = loop.vertx().setPeriodic(loop.keepaliveInterval().toMillis(), id -> {
            // Not before the provider's first head: the stream's head goes out with its headers.
            if (providerAnswered) {
                comment("keep-alive");
            }
            checkUpstreamIdle();
        });
        nextRound();
    }

    private void nextRound() {
        round = new StreamedRound(json, tools, identity, 0, this::send);
        roundEnded = false;
        Buffer body = UpstreamBody.encode(json, request, tools);
        roundAsked = meter.upstreamAsked();
        roundSpan = loop.spans().startChat(target, request);
        pending = roundSpan.run(() -> loop.upstream().send(target, HttpMethod.POST, "/chat/completions", body))
                .subscribe().with(this::onHead, this::fail);
    }

    private void onHead(HttpClientResponse response) {
        if (finished) {
            response.request().reset();
            return;
        }
        upstream = response;
        providerAnswered = true;
        if (response.statusCode() / 100 != 2) {
            loop.upstream().body(response).subscribe().with(body -> fail(loop.upstream().answeredError(target, response, body)),
                    this::fail);
            return;
        }
        // The first round's headers go out with the stream's head (later rounds come after it).
        ProviderHeaders.apply(loop.upstream().forwardableHeaders(response), out);
        String type = response.getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("text/event-stream")) {
            // A provider that ignores stream: true answers one JSON completion: read it as one chunk.
            loop.upstream().body(response).subscribe().with(this::onWholeAnswer, this::fail);
            return;
        }
        SseParser parser = new SseParser(event -> {
            bytesSinceEvent = 0;
            sawEvent = true;
            onEvent(event);
        });
        lastUpstreamData = System.nanoTime();
        bytesSinceEvent = 0;
        sawEvent = false;
        streamStart = Buffer.buffer();
        response.handler(buffer -> {
            if (finished || roundEnded) {
                return;
            }
            lastUpstreamData = System.nanoTime();
            bytesSinceEvent += buffer.length();
            if (bytesSinceEvent > MAX_EVENT_BYTES) {
                fail(new UpstreamException(502, null, "upstream " + target.name() + " sent an event larger than "
                        + MAX_EVENT_BYTES + " bytes"));
                return;
            }
            if (!sawEvent && streamStart.length() < KEPT_START_BYTES) {
                streamStart.appendBuffer(buffer, 0, Math.min(buffer.length(), KEPT_START_BYTES - streamStart.length()));
            }
            parser.feed(buffer.getBytes());
        });
        response.exceptionHandler(e -> {
            if (!finished && !roundEnded && round.finishReason() != null) {
                endRound(); // the answer was complete; only the end of the stream was lost
                return;
            }
            fail(new UpstreamException(502, null, "the stream from upstream " + target.name() + " broke: " + e.getMessage()));
        });
        response.endHandler(ignored -> onUpstreamEnd());
        response.resume();
    }

    /**
     * A provider that stops sending for {@code gateway.upstream-timeout} in the middle of a round
     * is given up on (504 {@code upstream_timeout}), as one that does not answer at all is.
     */
    private void checkUpstreamIdle() {
        if (!finished && upstream != null && !roundEnded
                && System.nanoTime() - lastUpstreamData > loop.upstreamTimeout().toNanos()) {
            fail(new UpstreamException(504, null, "upstream " + target.name() + " sent nothing for "
                    + loop.upstreamTimeout().toSeconds() + " s in the middle of its answer"));
        }
    }

    private void onEvent(SseEvent event) {
        if (finished || roundEnded) {
            return;
        }
        String data = event.data();
        if ("[DONE]".equals(data.strip())) {
            endRound();
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (Exception e) {
            if ("error".equals(event.event())) {
                fail(new UpstreamException(502, null, "upstream " + target.name() + " reported an error mid-stream: "
                        + StreamedChat.cut(data)));
            }
            return; // not a chunk (a provider's own keep-alive data): nothing for the client
        }
        if ("error".equals(event.event()) && !(chunk instanceof ObjectNode)) {
            chunk = null;
        }
        if (chunk instanceof ObjectNode object && (object.path("error").isObject() || "error".equals(event.event()))) {
            fail(new UpstreamException(502, object.path("error").isObject() ? object.toString() : null,
                    "upstream " + target.name() + " reported an error mid-stream: "
                            + object.path("error").path("message").asText(object.toString())));
            return;
        }
        if (!(chunk instanceof ObjectNode object)) {
            return;
        }
        round.accept(object);
    }

    private void onWholeAnswer(Buffer body) {
        if (finished) {
            return;
        }
        JsonNode answer;
        try {
            answer = json.readTree(body.getBytes());
        } catch (Exception e) {
            answer = null;
        }
        if (answer instanceof ObjectNode error && error.path("error").isObject()) {
            fail(new UpstreamException(502, error.toString(), "upstream " + target.name() + " answered with an error"));
            return;
        }
        if (!(answer instanceof ObjectNode completion) || !completion.path("choices").isArray()) {
            fail(new UpstreamException(502, null, "upstream " + target.name() + " sent a response that is neither a stream nor JSON"));
            return;
        }
        round.accept(StreamingChatLoop.asChunk(completion, json));
        endRound();
    }

    private void onUpstreamEnd() {
        if (finished || roundEnded) {
            return;
        }
        if (round.finishReason() != null) {
            endRound(); // some providers end the stream without [DONE]
        } else if (!sawEvent && streamStart.length() > 0) {
            // Not one event: an error body sent as the stream ({"error": …} without "data:"), passed on as such.
            String body = streamStart.toString(StandardCharsets.UTF_8);
            fail(new UpstreamException(502, body.contains("\"error\"") ? body.strip() : null, "upstream " + target.name()
                    + " sent a stream without events: " + cut(body)));
        } else {
            fail(new UpstreamException(502, null, "upstream " + target.name() + " ended the stream before the answer was complete"));
        }
    }

    private void endRound() {
        roundEnded = true;
        if (upstream != null) {
            // Let the response drain (a provider may still send its end): never reuse a half-read one.
            upstream.handler(null);
            upstream.exceptionHandler(null);
            upstream.endHandler(null);
            upstream.resume();
            upstream = null;
        }
        round.end();
        roundSpan.end(round.usage(), round.finishReason());
        usage.add(round.usage());
        upstreamDone();
        meter.round(round.usage());
        ArrayNode injected = round.injectedCalls();
        TurnDecision decision = TurnDecision.of(injected.size(), round.clientCalls(), roundNumber, loop.maxToolRounds(),
                round.finishReason());
        if (decision == TurnDecision.RUN_TOOLS) {
            JsonNode message = round.assistantMessage();
            pending = loop.chatLoop().approvals().gate(scope, message, injected, tools)
                    .emitOn(runnable -> context.runOnContext(ignored -> runnable.run())).subscribe().with(waiting -> {
                        if (finished) {
                            return;
                        }
                        if (waiting.isPresent()) {
                            waitForApproval(waiting.get());
                        } else {
                            runTools(message, injected);
                        }
                    }, this::fail);
            return;
        }
        String finishReason = switch (decision) {
            case STOP_AT_ROUND_CAP, STOP_CUT_OFF -> "length";
            case ANSWER_WITHOUT_INJECTED -> "tool_calls";
            default -> round.finishReason() == null ? "stop" : round.finishReason();
        };
        finish(finishReason, decision.note(roundNumber));
    }

    private void runTools(JsonNode message, ArrayNode injected) {
        ((ArrayNode) request.get("messages")).add(message);
        sink.toolsStarting(injected);
        long[] started = new long[1];
        pending = loop.chatLoop().runToolCalls(injected, tools, meter, (name, outcome) -> context.runOnContext(ignored -> {
            if (outcome == null) {
                started[0] = System.nanoTime();
                comment("gateway tool " + name + " running");
            } else {
                comment("gateway tool " + name + " done " + outcome + " in "
                        + (System.nanoTime() - started[0]) / 1_000_000 + " ms");
            }
        }), loop.chatLoop().notRunOf(injected, tools)).emitOn(runnable -> context.runOnContext(ignored -> runnable.run()))
                .subscribe().with(results -> {
                    if (finished) {
                        return;
                    }
                    ((ArrayNode) request.get("messages")).addAll(results.messages());
                    sink.toolsDone(injected, results);
                    ToolChoice.afterToolRound(request);
                    roundNumber++;
                    nextRound();
                }, this::fail);
    }

    /**
     * Ends the stream at a turn that waits for approval: the notice as content, then the last
     * chunk ({@code finish_reason: "stop"}) with {@code gateway.approvalRequests} and
     * {@code gateway.pendingMessage}, as the non-streamed answer has them.
     */
    private void waitForApproval(ToolApprovals.Pending waiting) {
        ObjectNode notice = identity.newChunk(json);
        notice.putArray("choices").addObject().put("index", 0).putObject("delta")
                .put("content", loop.chatLoop().approvals().notice(waiting));
        send(notice);
        finished = true;
        loop.vertx().cancelTimer(keepalive);
        if (!out.closed()) {
            ObjectNode gateway = ChatLoop.gatewayInfo(json, roundNumber, tools, null);
            loop.chatLoop().withApprovals(gateway, waiting);
            sink.finish("stop", gateway, usage.seen() ? usage.toJson(json) : null);
        }
        loop.usageRecords().record(meter, UsageRecords.OK);
    }

    private void finish(String finishReason, String note) {
        finished = true;
        loop.vertx().cancelTimer(keepalive);
        if (!out.closed()) {
            sink.finish(finishReason, ChatLoop.gatewayInfo(json, roundNumber, tools, note),
                    usage.seen() ? usage.toJson(json) : null);
        }
        loop.usageRecords().record(meter, UsageRecords.OK);
    }

    /** Writes one chunk; a client that reads slowly pauses the provider's stream until it catches up. */
    private void send(ObjectNode chunk) {
        if (finished || out.closed()) {
            return;
        }
        try {
            sink.chunk(chunk);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        HttpClientResponse reading = upstream;
        if (reading != null && out.writeQueueFull()) {
            reading.pause();
            out.drainHandler(ignored -> reading.resume());
        }
    }

    private void comment(String text) {
        if (!finished && !out.closed()) {
            sink.comment(text);
        }
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        roundSpan.fail(failure);
        loop.vertx().cancelTimer(keepalive);
        upstreamDone();
        loop.usageRecords().failed(meter, failure);
        if (upstream != null) {
            upstream.request().reset();
            upstream = null;
        }
        if (out.closed() || out.ended()) {
            return;
        }
        if (!out.headWritten()) {
            // Nothing was sent yet: the status tells the client what happened, as without streaming.
            out.setChunked(false);
            out.headers().remove("Content-Type").remove("Cache-Control").remove("X-Accel-Buffering");
            OpenAiErrors.failure(rc, roundNumber > 1 ? new FailedAfterToolCalls(failure) : failure);
            return;
        }
        LOG.debugf("streamed chat %s failed: %s", RequestIds.of(rc), failure.getMessage());
        sink.fail(failure);
    }

    /** Counts the time the current round waited on the provider, once. */
    private void upstreamDone() {
        if (roundAsked >= 0) {
            meter.upstreamSince(roundAsked);
            roundAsked = -1;
        }
    }

    /** A provider's text for an error message: one line, at most 300 characters. */
    static String cut(String text) {
        return cut(text, 300);
    }

    /** A text for an error message: one line, at most {@code max} characters. */
    static String cut(String text, int max) {
        String line = text.strip().replaceAll("[\\r\\n]+", " ");
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }

    /** The client went away: stop the provider's stream and the tool calls; nothing more is written. */
    private void clientGone() {
        if (finished) {
            return;
        }
        finished = true;
        roundSpan.cancelled();
        loop.vertx().cancelTimer(keepalive);
        loop.clientDisconnected();
        upstreamDone();
        loop.usageRecords().record(meter, UsageRecords.CLIENT_DISCONNECTED);
        if (upstream != null) {
            upstream.request().reset();
            upstream = null;
        }
        if (pending != null) {
            pending.cancel();
        }
    }
}
