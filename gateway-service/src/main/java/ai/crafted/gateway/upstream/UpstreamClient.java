package ai.crafted.gateway.upstream;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.tools.compiler.ToolProfile;

/**
 * Calls OpenAI-compatible providers. One pooled client with explicit connect/idle/request
 * timeouts and a bounded wait queue, so a slow provider makes requests fail fast instead of
 * piling up.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);

    private final Vertx vertx;
    private final HttpClient http;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final ProviderHeaders providerHeaders;
    private final List<Map.Entry<String, GatewayConfig.Upstream>> upstreams;
    /** Each provider as a request target, built once: its tool profile is resolved (and checked) at start. */
    private final Map<String, UpstreamTarget> targets = new LinkedHashMap<>();
    /** Per provider name: the model ids its GET /models listed, until they expire. */
    private final Map<String, ListedModels> listedModels = new ConcurrentHashMap<>();

    private record ListedModels(List<String> ids, Instant expiresAt) {
    }

    /**
     * Builds the pooled client and resolves every provider's tool profile; a misspelt profile
     * fails the start ({@link IllegalStateException} naming the valid ones).
     */
    public UpstreamClient(Vertx vertx, GatewayConfig config, ObjectMapper json, ProviderHeaders providerHeaders) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.providerHeaders = providerHeaders;
        int connections = config.upstreams().values().stream().mapToInt(GatewayConfig.Upstream::maxConnections).max().orElse(100);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.upstreamHttp().connectTimeout().toMillis())
                .setIdleTimeout((int) config.upstreamHttp().idleTimeout().toSeconds())
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) config.upstreamHttp().keepAliveTimeout().toSeconds())
                .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(connections * 10));
        // A misspelt tool profile stops the start.
        config.upstreams().forEach((name, upstream) -> targets.put(name, new UpstreamTarget(name, upstream.baseUrl(),
                upstream.apiKey(), profileOf(name, upstream), upstream.responsesApi())));
        // "default" is the catch-all: try the named providers first.
        this.upstreams = new ArrayList<>(config.upstreams().entrySet());
        this.upstreams.sort((a, b) -> a.getKey().equals("default") ? 1 : b.getKey().equals("default") ? -1
                : a.getKey().compareTo(b.getKey()));
    }

    private static ToolProfile profileOf(String name, GatewayConfig.Upstream upstream) {
        String id = upstream.toolProfile();
        return ToolProfile.byId(id).orElseThrow(() -> new IllegalStateException("gateway.upstreams." + name
                + ".tool-profile is '" + id + "'; it must be one of "
                + Arrays.stream(ToolProfile.values()).map(ToolProfile::id).toList()));
    }

    /** The provider that serves this model, if any. */
    public Optional<UpstreamTarget> route(String model) {
        for (var entry : upstreams) {
            for (String pattern : entry.getValue().models()) {
                if (matches(pattern, model)) {
                    return Optional.of(target(entry));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The models the gateway serves, for {@code GET /v1/models}, as (model id, provider name) in
     * provider order, each id once (the first provider that serves it). A provider's explicit
     * names are listed as configured; for a provider configured with a wildcard ({@code *} or a
     * prefix such as {@code gpt-*}) the gateway asks the provider's own {@code GET /models} and
     * lists what matches, reusing the answer for {@code gateway.models-cache-ttl}. A provider that
     * cannot be asked (down, not JSON, no such route) contributes its explicit names only, and is
     * asked again on the next call.
     */
    public Uni<List<Map.Entry<String, String>>> models() {
        List<Uni<List<String>>> perUpstream = new ArrayList<>();
        for (var entry : upstreams) {
            List<String> explicit = entry.getValue().models().stream().filter(m -> !m.contains("*")).toList();
            boolean wildcard = explicit.size() < entry.getValue().models().size();
            perUpstream.add(wildcard ? listedBy(entry).map(listed -> union(explicit, listed)) : Uni.createFrom().item(explicit));
        }
        return Uni.join().all(perUpstream).andFailFast().map(lists -> {
            Map<String, String> byId = new LinkedHashMap<>();
            for (int i = 0; i < lists.size(); i++) {
                String provider = upstreams.get(i).getKey();
                lists.get(i).forEach(id -> byId.putIfAbsent(id, provider));
            }
            return List.copyOf(byId.entrySet());
        });
    }

    /** The ids the provider lists that its wildcard patterns match; empty when it cannot be asked. */
    private Uni<List<String>> listedBy(Map.Entry<String, GatewayConfig.Upstream> upstream) {
        ListedModels cached = listedModels.get(upstream.getKey());
        if (cached != null && cached.expiresAt().isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.ids());
        }
        UpstreamTarget target = target(upstream);
        return send(target, HttpMethod.GET, "/models", Buffer.buffer()).chain(response -> body(response).map(body -> {
            if (response.statusCode() / 100 != 2) {
                throw new UpstreamException(response.statusCode(), null, "upstream " + target.name()
                        + " answered HTTP " + response.statusCode() + " to GET /models");
            }
            List<String> ids = new ArrayList<>();
            try {
                for (JsonNode model : json.readTree(body.getBytes()).path("data")) {
                    String id = model.path("id").asText("");
                    if (!id.isEmpty() && upstream.getValue().models().stream().anyMatch(p -> matches(p, id))) {
                        ids.add(id);
                    }
                }
            } catch (IOException e) {
                throw new UpstreamException(502, null, "upstream " + target.name() + " answered GET /models with no JSON");
            }
            listedModels.put(upstream.getKey(), new ListedModels(List.copyOf(ids), Instant.now().plus(config.modelsCacheTtl())));
            return List.copyOf(ids);
        })).onFailure().recoverWithItem(failure -> {
            LOG.debugf("models of upstream %s not listed: %s", target.name(), failure.getMessage());
            return List.of();
        });
    }

    private static List<String> union(List<String> first, List<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** "*" matches any model, "gpt-*" a prefix, anything else the exact name. */
    private static boolean matches(String pattern, String model) {
        return pattern.equals("*") || pattern.equals(model)
                || pattern.endsWith("*") && model != null && model.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    private UpstreamTarget target(Map.Entry<String, GatewayConfig.Upstream> upstream) {
        return targets.get(upstream.getKey());
    }

    /**
     * Sends a request (a JSON body, or none when {@code request} is null) and returns the
     * response head, paused; the caller reads or pipes the body. Fails with {@link UpstreamException}
     * (502 unreachable, 504 no answer within {@code gateway.upstream-timeout}).
     */
    public Uni<HttpClientResponse> send(UpstreamTarget target, HttpMethod method, String path, JsonNode request) {
        Buffer body;
        try {
            body = request == null ? Buffer.buffer() : Buffer.buffer(json.writeValueAsBytes(request));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return send(target, method, path, body);
    }

    /**
     * {@link #send(UpstreamTarget, HttpMethod, String, JsonNode)} with the body already encoded
     * (the gateway splices a pre-encoded tools array into it, or forwards the client's own bytes).
     * Cancelling the returned Uni before the head arrives resets the request, so a client that
     * went away never leaves a provider request running.
     */
    public Uni<HttpClientResponse> send(UpstreamTarget target, HttpMethod method, String path, Buffer body) {
        Context context = vertx.getOrCreateContext();
        RequestOptions options = new RequestOptions().setMethod(method)
                .setAbsoluteURI(stripSlash(target.baseUrl()) + path)
                .setTimeout(config.upstreamTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        target.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> options.putHeader("Authorization", "Bearer " + k));
        HttpClientRequest[] sent = new HttpClientRequest[1];
        boolean[] cancelled = new boolean[1];
        return Uni.createFrom().<HttpClientResponse>emitter(emitter -> context.runOnContext(ignored -> http
                .request(options)
                .compose(r -> {
                    sent[0] = r;
                    if (cancelled[0]) {
                        r.reset();
                    }
                    return r.send(body);
                })
                .onComplete(result -> {
                    if (result.succeeded()) {
                        result.result().pause();
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(unreachable(target, result.cause()));
                    }
                })))
                // Cancelled before the head arrived; after it, the caller owns (and resets) the response.
                .onCancellation().invoke(() -> context.runOnContext(ignored -> {
                    cancelled[0] = true;
                    if (sent[0] != null) {
                        sent[0].reset();
                    }
                }));
    }

    /**
     * The whole body of a response {@link #send} handed over (paused). Cancelling the returned Uni
     * before the body ended resets the request, so a client that went away mid-answer does not
     * leave the provider's answer streaming in.
     */
    public Uni<Buffer> body(HttpClientResponse response) {
        return Uni.createFrom().completionStage(() -> {
            var future = response.body();
            response.resume();
            return future.toCompletionStage();
        }).onCancellation().invoke(() -> response.request().reset());
    }

    /** The headers of a provider response that may reach the client ({@code gateway.provider-headers}). */
    public MultiMap forwardableHeaders(HttpClientResponse response) {
        return providerHeaders.forwardable(response.headers());
    }

    /**
     * The failure for a provider's error answer (status not 2xx): its status, its body (passed on
     * when it is OpenAI-shaped) and its forwardable headers.
     */
    public UpstreamException answeredError(UpstreamTarget target, HttpClientResponse response, Buffer body) {
        return new UpstreamException(response.statusCode(), body.toString(), "upstream " + target.name() + " answered HTTP "
                + response.statusCode(), forwardableHeaders(response));
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
