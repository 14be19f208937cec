package ai.crafted.testsupport.mcp;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

import ai.crafted.testsupport.providers.ProviderToolRules;

/**
 * A scripted OpenAI-compatible model for tests: records every request it receives and answers
 * from a queue of scripted turns (a final text answer when the queue is empty). Streaming
 * requests get the turn as chat.completion.chunk events the way OpenAI streams them: a role
 * delta, the content in pieces, each tool call as a first delta with its id and name and then
 * its arguments in fragments, the finish reason, and a usage chunk when
 * {@code stream_options.include_usage} is set; optionally paced, so a test can tell when each
 * piece left. A refusal streams as {@code refusal} deltas, logprobs ride on the content chunks
 * they belong to, and {@code system_fingerprint} / {@code service_tier} are on every chunk.
 *
 * <p>Every response carries the headers a provider sends: {@code x-request-id} ({@code
 * req_scripted_<n>}, counting requests), {@code openai-processing-ms}, {@code x-ratelimit-*}, and
 * two that a gateway must keep to itself ({@code openai-organization}, {@code set-cookie}); a
 * scripted answer's {@code headers} object adds more (e.g. {@code retry-after} on a 429).
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** What {@code GET /v1/models} lists. */
    public static final List<String> MODELS = List.of("scripted-model", "scripted-mini");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Queue<Function<JsonNode, ObjectNode>> turns = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger modelListRequests = new AtomicInteger();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<String> rawRequests = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
    private final List<MultiMap> requestHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamsCut = new AtomicInteger();
    private final AtomicInteger requestCount = new AtomicInteger();
    private volatile Function<JsonNode, ObjectNode> whenIdle;
    private final Vertx vertx;
    private volatile ProviderToolRules rules;
    private volatile long paceMs;
    private volatile boolean splitNames;
    private volatile boolean ignoreStream;

    private ScriptedUpstream(Vertx vertx) throws Exception {
        this.vertx = vertx;
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (request.path().endsWith("/models")) {
                modelListRequests.incrementAndGet();
                ObjectNode list = JSON.createObjectNode().put("object", "list");
                ArrayNode data = list.putArray("data");
                MODELS.forEach(id -> data.addObject().put("id", id).put("object", "model").put("owned_by", "scripted"));
                request.response().putHeader("Content-Type", "application/json").end(list.toString());
                return;
            }
            JsonNode json = read(body.toString());
            requestNanos.add(System.nanoTime());
            requestHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
            providerHeaders(request.response(), requestCount.incrementAndGet());
            rawRequests.add(body.toString());
            paths.add(request.path());
            requests.add(json);
            List<String> problems = rules == null ? List.of() : rules.problems(json);
            if (!problems.isEmpty()) {
                // What the provider answers to tools it does not accept (OpenAI's error shape).
                refusals.addAll(problems);
                ObjectNode error = JSON.createObjectNode();
                error.putObject("error").put("message", rules.name() + " refused the tools: " + String.join("; ", problems))
                        .put("type", "invalid_request_error").put("code", "invalid_function_parameters");
                request.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(error.toString());
                return;
            }
            Function<JsonNode, ObjectNode> turn = turns.poll();
            ObjectNode answer;
            try {
                Function<JsonNode, ObjectNode> idle = whenIdle;
                answer = turn != null ? turn.apply(json) : idle != null ? idle.apply(json) : text("done");
            } catch (AssertionError | RuntimeException e) {
                // A failed expectation inside a scripted turn must fail the call, not hang it.
                answer = error(500, "scripted upstream expectation failed: " + e.getMessage());
            }
            if (answer.remove("headers") instanceof ObjectNode headers) {
                headers.properties().forEach(h -> request.response().putHeader(h.getKey(), h.getValue().asText()));
            }
            if (answer.has("error")) {
                request.response().setStatusCode(answer.path("status").asInt(500)).putHeader("Content-Type", "application/json")
                        .end(JSON.createObjectNode().set("error", answer.get("error")).toString());
            } else if (json.path("stream").asBoolean(false) && !ignoreStream) {
                stream(request.response(), answer, json.path("stream_options").path("include_usage").asBoolean(false));
            } else {
                request.response().putHeader("Content-Type", "application/json").end(answer.toString());
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static ScriptedUpstream start(Vertx vertx) {
        try {
            return new ScriptedUpstream(vertx);
        } catch (Exception e) {
            throw new IllegalStateException("scripted upstream did not start", e);
        }
    }

    /** The base URL to configure (ends in /v1). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    /**
     * From now on, checks every request's tools as that provider does and answers 400 (OpenAI's
     * error shape, code {@code invalid_function_parameters}) to the ones it would refuse.
     */
    public ScriptedUpstream validatingLike(ProviderToolRules providerRules) {
        this.rules = providerRules;
        return this;
    }

    /** Every problem a validating upstream refused requests for. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public void reset() {
        turns.clear();
        requests.clear();
        rawRequests.clear();
        paths.clear();
        requestNanos.clear();
        requestHeaders.clear();
        refusals.clear();
        streamsCut.set(0);
        whenIdle = null;
        paceMs = 0;
        splitNames = false;
        ignoreStream = false;
    }

    /**
     * Answers with this function whenever no scripted turn is queued (instead of "done"): a model
     * that decides by the request, e.g. one that obeys {@code tool_choice}.
     */
    public ScriptedUpstream whenIdle(Function<JsonNode, ObjectNode> model) {
        this.whenIdle = model;
        return this;
    }

    /** Streamed answers send one chunk every {@code ms} milliseconds (0: all at once). */
    public ScriptedUpstream pacedBy(long ms) {
        this.paceMs = ms;
        return this;
    }

    /** Streamed tool calls send the function name in two pieces (some providers do). */
    public ScriptedUpstream splittingToolNames() {
        this.splitNames = true;
        return this;
    }

    /** Answers JSON even to streaming requests, as some OpenAI-compatible servers do. */
    public ScriptedUpstream ignoringStream() {
        this.ignoreStream = true;
        return this;
    }

    /** The {@code x-request-id} this upstream sent with its latest response. */
    public String lastRequestId() {
        return "req_scripted_" + requestCount.get();
    }

    /** Every request body exactly as received, in order. */
    public List<String> rawRequests() {
        return rawRequests;
    }

    /** The path of each request ({@code /v1/chat/completions}, {@code /v1/responses}), in order. */
    public List<String> paths() {
        return paths;
    }

    /** The headers of each request (not those of {@code GET /models}), in order, e.g. to check {@code traceparent}. */
    public List<MultiMap> requestHeaders() {
        return requestHeaders;
    }

    /** {@link System#nanoTime()} at which each request was received, in order. */
    public List<Long> requestNanos() {
        return requestNanos;
    }

    /** Streamed answers whose connection was closed or reset by the client before they ended. */
    public int streamsCut() {
        return streamsCut.get();
    }

    public ScriptedUpstream then(Function<JsonNode, ObjectNode> turn) {
        turns.add(turn);
        return this;
    }

    public ScriptedUpstream thenAnswer(ObjectNode answer) {
        return then(request -> answer);
    }

    /** How many times {@code GET /v1/models} was asked. */
    public int modelListRequests() {
        return modelListRequests.get();
    }

    /** Every request received, in order. */
    public List<JsonNode> requests() {
        return requests;
    }

    /** A final answer with text content. */
    public static ObjectNode text(String content) {
        ObjectNode response = completion("stop");
        ((ObjectNode) response.path("choices").path(0).path("message")).put("content", content);
        return response;
    }

    /** An answer calling tools: pairs of (function name, JSON arguments). */
    public static ObjectNode toolCalls(String... nameAndArguments) {
        ObjectNode response = completion("tool_calls");
        ObjectNode message = (ObjectNode) response.path("choices").path(0).path("message");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (int i = 0; i < nameAndArguments.length; i += 2) {
            ObjectNode call = calls.addObject().put("id", "call_" + (i / 2) + "_" + System.nanoTime()).put("type", "function");
            call.putObject("function").put("name", nameAndArguments[i]).put("arguments", nameAndArguments[i + 1]);
        }
        return response;
    }

    /** A final answer that refuses, as OpenAI's models do ({@code content} null, {@code refusal} set). */
    public static ObjectNode refusal(String refusal) {
        ObjectNode response = completion("stop");
        ((ObjectNode) response.path("choices").path(0).path("message")).putNull("content").put("refusal", refusal);
        return response;
    }

    /** An upstream error in OpenAI's shape. */
    public static ObjectNode error(int status, String message) {
        ObjectNode answer = JSON.createObjectNode().put("status", status);
        answer.putObject("error").put("message", message).put("type", "server_error").putNull("param").putNull("code");
        return answer;
    }

    private static ObjectNode completion(String finishReason) {
        ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", "scripted-model");
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant");
        response.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return response;
    }

    private void stream(HttpServerResponse response, ObjectNode answer, boolean includeUsage) {
        response.putHeader("Content-Type", "text/event-stream").setChunked(true);
        List<ObjectNode> deltas = new java.util.ArrayList<>();
        deltas.add(JSON.createObjectNode().put("role", "assistant").put("content", ""));
        JsonNode message = answer.path("choices").path(0).path("message");
        List<JsonNode> logprobs = new java.util.ArrayList<>();
        JsonNode tokenLogprobs = answer.path("choices").path(0).path("logprobs").path("content");
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            int half = tokenLogprobs.size() / 2;
            String[] pieces = { content.substring(0, content.length() / 2), content.substring(content.length() / 2) };
            for (int p = 0; p < pieces.length; p++) {
                deltas.add(JSON.createObjectNode().put("content", pieces[p]));
                ArrayNode part = JSON.createArrayNode();
                for (int t = p == 0 ? 0 : half; t < (p == 0 ? half : tokenLogprobs.size()); t++) {
                    part.add(tokenLogprobs.get(t));
                }
                logprobs.add(tokenLogprobs.isArray() ? JSON.createObjectNode().putNull("refusal").set("content", part) : null);
            }
        }
        String refusal = message.path("refusal").asText("");
        if (!refusal.isEmpty()) {
            for (String piece : new String[] { refusal.substring(0, refusal.length() / 2), refusal.substring(refusal.length() / 2) }) {
                deltas.add(JSON.createObjectNode().put("refusal", piece));
            }
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            String name = call.path("function").path("name").asText();
            String arguments = call.path("function").path("arguments").asText();
            String[] names = splitNames && name.length() > 1
                    ? new String[] { name.substring(0, name.length() / 2), name.substring(name.length() / 2) } : new String[] { name };
            ObjectNode first = toolCallDelta(index).put("id", call.path("id").asText()).put("type", "function");
            first.putObject("function").put("name", names[0]).put("arguments", "");
            deltas.add(JSON.createObjectNode().set("tool_calls", JSON.createArrayNode().add(first)));
            if (names.length > 1) {
                ObjectNode rest = toolCallDelta(index);
                rest.putObject("function").put("name", names[1]);
                deltas.add(JSON.createObjectNode().set("tool_calls", JSON.createArrayNode().add(rest)));
            }
            for (String fragment : new String[] { arguments.substring(0, arguments.length() / 2), arguments.substring(arguments.length() / 2) }) {
                ObjectNode part = toolCallDelta(index);
                part.putObject("function").put("arguments", fragment);
                deltas.add(JSON.createObjectNode().set("tool_calls", JSON.createArrayNode().add(part)));
            }
            index++;
        }
        List<String> events = new java.util.ArrayList<>();
        for (int d = 0; d < deltas.size(); d++) {
            ObjectNode chunk = chunk(answer);
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", deltas.get(d));
            // Content pieces are deltas 1 and 2; their logprobs go with them.
            if (d >= 1 && d - 1 < logprobs.size() && logprobs.get(d - 1) != null) {
                choice.set("logprobs", logprobs.get(d - 1));
            }
            choice.putNull("finish_reason");
            events.add("data: " + chunk + "\n\n");
        }
        ObjectNode last = chunk(answer);
        last.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", answer.path("choices").path(0).path("finish_reason").asText("stop")).putObject("delta");
        events.add("data: " + last + "\n\n");
        if (includeUsage) {
            ObjectNode usage = chunk(answer);
            usage.putArray("choices");
            usage.set("usage", answer.get("usage"));
            events.add("data: " + usage + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        boolean[] ended = new boolean[1];
        response.closeHandler(v -> {
            if (!ended[0]) {
                streamsCut.incrementAndGet();
            }
        });
        send(response, events, 0, ended);
    }

    private void send(HttpServerResponse response, List<String> events, int next, boolean[] ended) {
        if (response.closed()) {
            return;
        }
        if (next == events.size() - 1) {
            ended[0] = true;
            response.end(events.get(next));
            return;
        }
        response.write(events.get(next));
        if (paceMs > 0) {
            vertx.setTimer(paceMs, t -> send(response, events, next + 1, ended));
        } else {
            send(response, events, next + 1, ended);
        }
    }

    private static ObjectNode toolCallDelta(int index) {
        return JSON.createObjectNode().put("index", index);
    }

    private static ObjectNode chunk(ObjectNode answer) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", "scripted-model");
        for (String field : new String[] { "system_fingerprint", "service_tier" }) {
            if (answer.hasNonNull(field)) {
                chunk.set(field, answer.get(field));
            }
        }
        return chunk;
    }

    /** What a provider puts on every response, the request counted from 1. */
    private static void providerHeaders(HttpServerResponse response, int request) {
        response.putHeader("x-request-id", "req_scripted_" + request).putHeader("openai-processing-ms", "7")
                .putHeader("x-ratelimit-limit-requests", "5000").putHeader("x-ratelimit-remaining-requests", "4999")
                .putHeader("openai-organization", "org-scripted-operator").putHeader("set-cookie", "__cf_bm=scripted; path=/");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
