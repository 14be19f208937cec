package ai.crafted.gateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import ai.crafted.gateway.config.GatewayConfig;

/**
 * Calls OpenAI-compatible providers. One pooled client with explicit connect/idle/request
 * timeouts and a bounded wait queue, so a slow provider makes requests fail fast instead of
 * piling up.
 */
@ApplicationScoped
public class UpstreamClient {

    private final Vertx vertx;
    private final HttpClient http;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final List<Map.Entry<String, GatewayConfig.Upstream>> upstreams;

    public UpstreamClient(Vertx vertx, GatewayConfig config, ObjectMapper json) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        int connections = config.upstreams().values().stream().mapToInt(GatewayConfig.Upstream::maxConnections).max().orElse(100);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.upstreamHttp().connectTimeout().toMillis())
                .setIdleTimeout((int) config.upstreamHttp().idleTimeout().toSeconds())
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) config.upstreamHttp().keepAliveTimeout().toSeconds())
                .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(connections * 10));
        // "default" is the catch-all: try the named providers first.
        this.upstreams = new ArrayList<>(config.upstreams().entrySet());
        this.upstreams.sort((a, b) -> a.getKey().equals("default") ? 1 : b.getKey().equals("default") ? -1
                : a.getKey().compareTo(b.getKey()));
    }

    /** The provider that serves this model, if any. */
    public Optional<UpstreamTarget> route(String model) {
        for (var entry : upstreams) {
            for (String pattern : entry.getValue().models()) {
                if (pattern.equals("*") || pattern.equals(model)
                        || pattern.endsWith("*") && model != null && model.startsWith(pattern.substring(0, pattern.length() - 1))) {
                    return Optional.of(new UpstreamTarget(entry.getKey(), entry.getValue().baseUrl(), entry.getValue().apiKey()));
                }
            }
        }
        return Optional.empty();
    }

    /** Explicit model names of all providers (wildcards are not listed). */
    public List<Map.Entry<String, String>> listedModels() {
        List<Map.Entry<String, String>> models = new ArrayList<>();
        for (var entry : upstreams) {
            entry.getValue().models().stream().filter(m -> !m.contains("*")).forEach(m -> models.add(Map.entry(m, entry.getKey())));
        }
        return models;
    }

    /** One non-streaming round: the parsed answer, or {@link UpstreamException}. */
    public Uni<JsonNode> complete(UpstreamTarget target, JsonNode request) {
        return send(target, "/chat/completions", request).chain(response -> body(response).map(body -> {
            if (response.statusCode() / 100 != 2) {
                throw new UpstreamException(response.statusCode(), body.toString(),
                        "upstream " + target.name() + " answered HTTP " + response.statusCode());
            }
            try {
                return json.readTree(body.getBytes());
            } catch (Exception e) {
                throw new UpstreamException(502, null, "upstream " + target.name() + " sent a response that is not JSON");
            }
        }));
    }

    /** Sends and returns the response head, paused; the caller reads or pipes the body. */
    public Uni<HttpClientResponse> send(UpstreamTarget target, String path, JsonNode request) {
        Context context = vertx.getOrCreateContext();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(stripSlash(target.baseUrl()) + path)
                .setTimeout(config.upstreamTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        target.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> options.putHeader("Authorization", "Bearer " + k));
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().<HttpClientResponse>emitter(emitter -> context.runOnContext(ignored -> http
                .request(options)
                .compose(r -> r.send(Buffer.buffer(body)))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        result.result().pause();
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(unreachable(target, result.cause()));
                    }
                })));
    }

    public Uni<Buffer> body(HttpClientResponse response) {
        return Uni.createFrom().completionStage(() -> {
            var future = response.body();
            response.resume();
            return future.toCompletionStage();
        });
    }

    private static UpstreamException unreachable(UpstreamTarget target, Throwable cause) {
        boolean timeout = cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timeout");
        return new UpstreamException(timeout ? 504 : 502, null, "upstream " + target.name()
                + (timeout ? " did not answer in time" : " is unreachable: " + cause.getMessage()));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
