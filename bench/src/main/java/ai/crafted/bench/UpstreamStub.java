package ai.crafted.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A fast OpenAI-compatible upstream: answers from pre-built JSON. Model {@code loop-model} asks
 * for one call of {@code bench__lookup} until the conversation holds a tool result.
 *
 * <p>Requests with {@code "stream":true} get {@code chat.completion.chunk} events instead: a role
 * chunk, then {@link #TOKENS} content deltas, the first at once and the others one every
 * {@link #TOKEN_INTERVAL_MS} ms (Vert.x timers), then the finish chunk, a usage chunk (empty
 * choices) when {@code stream_options.include_usage} is true, and {@code [DONE]}. Each token's
 * text is {@code t<System.nanoTime() when written> }, so a client in the same JVM can compute how
 * long the token took to reach it. A {@code loop-model} tool round is streamed like OpenAI does:
 * the call's id and name with empty arguments, then the arguments in two fragments (same pace),
 * then finish reason {@code tool_calls}.
 *
 * <p>A non-streamed answer to a conversation containing {@link #PACED} is sent when its streamed
 * twin would have ended (the content after {@code (TOKENS − 1) × interval}, the tool call after
 * two intervals), as a real model only answers once it has generated everything; a gateway that
 * buffers its tool loop is then measured as such. Other non-streamed requests are answered at once.
 */
final class UpstreamStub {

    static final String ANSWER = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"The answer from the stub.\"}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
    static final String TOOL_CALL = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"bench__lookup\","
            + "\"arguments\":\"{\\\"id\\\":\\\"42\\\"}\"}}]}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

    /** Content deltas per streamed answer ({@code -Dbench.stream.tokens}). */
    static final int TOKENS = Integer.getInteger("bench.stream.tokens", 10);
    /** Pause between two streamed deltas ({@code -Dbench.stream.interval-ms}). */
    static final long TOKEN_INTERVAL_MS = Long.getLong("bench.stream.interval-ms", 5);

    private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":";
    private static final Buffer ROLE = Buffer.buffer(CHUNK_HEAD + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    private static final Buffer STOP = Buffer.buffer(CHUNK_HEAD + "{},\"finish_reason\":\"stop\"}]}\n\n");
    private static final Buffer TOOL_CALLS = Buffer.buffer(CHUNK_HEAD + "{},\"finish_reason\":\"tool_calls\"}]}\n\n");
    private static final Buffer[] TOOL_CALL_DELTAS = {
            Buffer.buffer(CHUNK_HEAD + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"bench__lookup\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"),
            Buffer.buffer(CHUNK_HEAD + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"id\\\":\"}}]},"
                    + "\"finish_reason\":null}]}\n\n"),
            Buffer.buffer(CHUNK_HEAD + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"42\\\"}\"}}]},"
                    + "\"finish_reason\":null}]}\n\n") };
    private static final Buffer USAGE = Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":"
            + TOKENS + ",\"total_tokens\":" + (10 + TOKENS) + "}}\n\n");
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    /**
     * The last streaming request with a tools array (and no tool call asked for) the stub received:
     * what the gateway sent upstream, to send again directly as the like-for-like reference.
     */
    static volatile byte[] lastStreamedBodyWithTools;

    /** Marker in a user message: see the class comment. */
    static final String PACED = "[bench:paced]";

    private final int port;

    private UpstreamStub(int port) {
        this.port = port;
    }

    static UpstreamStub start(Vertx vertx) throws Exception {
        int port = Ports.free();
        Buffer answer = Buffer.buffer(ANSWER);
        Buffer toolCall = Buffer.buffer(TOOL_CALL);
        vertx.deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
            @Override
            public void start(io.vertx.core.Promise<Void> started) {
                vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                    String text = body.toString();
                    boolean loop = text.contains("\"loop-model\"") && !text.contains("\"role\":\"tool\"");
                    if (text.contains("\"stream\":true") || text.contains("\"stream\": true")) {
                        if (text.contains("\"tools\"") && !loop) {
                            lastStreamedBodyWithTools = body.getBytes();
                        }
                        stream(vertx, request.response(), loop, text.contains("\"include_usage\":true")
                                || text.contains("\"include_usage\": true"));
                        return;
                    }
                    Buffer reply = loop ? toolCall : answer;
                    long delay = (loop ? TOOL_CALL_DELTAS.length - 1 : TOKENS - 1) * TOKEN_INTERVAL_MS;
                    if (delay > 0 && text.contains(PACED)) {
                        vertx.setTimer(delay, id -> request.response().putHeader("Content-Type", "application/json").end(reply));
                        return;
                    }
                    request.response().putHeader("Content-Type", "application/json").end(reply);
                })).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new UpstreamStub(port);
    }

    /** Writes one streamed answer, paced by a periodic timer on the connection's event loop. */
    private static void stream(Vertx vertx, HttpServerResponse response, boolean toolCall, boolean usage) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        int deltas = toolCall ? TOOL_CALL_DELTAS.length : TOKENS;
        int[] sent = { 0 };
        Runnable next = () -> {
            if (toolCall) {
                response.write(TOOL_CALL_DELTAS[sent[0]]);
            } else {
                response.write(Buffer.buffer(CHUNK_HEAD + "{\"content\":\"t" + System.nanoTime() + " \"},\"finish_reason\":null}]}\n\n"));
            }
            if (++sent[0] == deltas) {
                response.write((toolCall ? TOOL_CALLS : STOP));
                if (usage) {
                    response.write(USAGE);
                }
                response.end(DONE);
            }
        };
        if (!toolCall) {
            response.write(ROLE);
        }
        next.run();
        if (sent[0] == deltas) {
            return;
        }
        long timer = vertx.setPeriodic(TOKEN_INTERVAL_MS, id -> {
            if (response.ended() || response.closed()) {
                vertx.cancelTimer(id);
                return;
            }
            next.run();
            if (sent[0] == deltas) {
                vertx.cancelTimer(id);
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }
}
