package ai.crafted.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * A fast OpenAI-compatible upstream: answers from pre-built JSON. Model {@code loop-model} asks
 * for one call of {@code bench__lookup} until the conversation holds a tool result.
 */
final class UpstreamStub {

    static final String ANSWER = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"The answer from the stub.\"}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
    static final String TOOL_CALL = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"bench__lookup\","
            + "\"arguments\":\"{\\\"id\\\":\\\"42\\\"}\"}}]}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

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
                    request.response().putHeader("Content-Type", "application/json").end(loop ? toolCall : answer);
                })).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new UpstreamStub(port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }
}
