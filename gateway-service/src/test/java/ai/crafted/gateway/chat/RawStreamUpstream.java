package ai.crafted.gateway.chat;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A provider that answers exactly the bytes a test scripts, for the stream shapes real providers
 * send (no index on tool calls, errors as text events, bare error bodies, stalls). Configured as
 * upstream {@code raw} for models {@code raw-*}, with a 4 s upstream timeout.
 */
public final class RawStreamUpstream implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static HttpServer server;
    static final Queue<Consumer<HttpServerResponse>> SCRIPTS = new ConcurrentLinkedQueue<>();
    static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();

    /** Queues an answer: a 200 event stream with these bytes, ended. */
    static void stream(String bytes) {
        SCRIPTS.add(response -> response.putHeader("Content-Type", "text/event-stream").end(bytes));
    }

    /** One chunk event for choice 0. */
    static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-raw\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"raw-m\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}\n\n";
    }

    static void reset() {
        SCRIPTS.clear();
        REQUESTS.clear();
    }

    static Vertx vertx() {
        return vertx;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            vertx = Vertx.vertx();
            try {
                server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                    try {
                        REQUESTS.add(JSON.readTree(body.toString()));
                    } catch (Exception e) {
                        REQUESTS.add(JSON.createObjectNode());
                    }
                    Consumer<HttpServerResponse> script = SCRIPTS.poll();
                    if (script == null) {
                        request.response().putHeader("Content-Type", "text/event-stream")
                                .end(chunk("{\"role\":\"assistant\",\"content\":\"default\"}", "stop") + "data: [DONE]\n\n");
                    } else {
                        script.accept(request.response().setChunked(true));
                    }
                })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("raw upstream did not start", e);
            }
        }
        return Map.of("gateway.upstreams.raw.base-url", "http://127.0.0.1:" + server.actualPort() + "/v1",
                "gateway.upstreams.raw.models", "raw-*", "gateway.upstream-timeout", "PT4S");
    }

    @Override
    public void stop() {
        // shared by the test classes that use it; ends with the JVM
    }
}
