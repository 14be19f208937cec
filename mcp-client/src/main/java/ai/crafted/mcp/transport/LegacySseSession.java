package ai.crafted.mcp.transport;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.SecretRedaction;

/**
 * The 2024-11-05 HTTP+SSE transport: a long-lived GET stream first announces (event "endpoint")
 * where to POST messages; every answer then arrives on that stream and is matched to its request
 * by id. The POST endpoint must be on the same origin as the stream.
 */
public final class LegacySseSession extends AbstractSession {

    private static final Logger LOG = Logger.getLogger(LegacySseSession.class);

    private final Map<Long, UniEmitter<? super JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile HttpClientResponse stream;
    private volatile URI messageEndpoint;
    private volatile McpException streamFailure;

    public LegacySseSession(HttpCaller http, McpEndpoint endpoint, Consumer<JsonNode> notifications,
            SecretRedaction redaction) {
        super(http, endpoint, notifications, redaction);
    }

    /** Opens the stream and waits for the endpoint event, within the endpoint's timeout. */
    public Uni<LegacySseSession> connect() {
        Map<String, String> headers = new HashMap<>(endpoint.headers());
        headers.put("Accept", "text/event-stream");
        return http.send(HttpMethod.GET, endpoint.url(), headers, null)
                .chain(response -> Uni.createFrom().<LegacySseSession>emitter(ready -> listen(response, ready)))
                .ifNoItem().after(endpoint.timeout()).failWith(() -> new McpException(Kind.TIMEOUT,
                        "timed out after " + endpoint.timeout().toMillis() + " ms waiting for the SSE endpoint event"));
    }

    private void listen(HttpClientResponse response, UniEmitter<? super LegacySseSession> ready) {
        int status = response.statusCode();
        String type = String.valueOf(response.getHeader("content-type")).toLowerCase();
        if (status < 200 || status >= 300) {
            ResponseBodies.discard(response);
            ready.fail(httpError(status, "the SSE stream request"));
            return;
        }
        if (!type.startsWith("text/event-stream")) {
            ResponseBodies.discard(response);
            ready.fail(new McpException(Kind.MALFORMED_RESPONSE,
                    "MCP server answered the SSE stream request with content type '" + type + "'"));
            return;
        }
        stream = response;
        // Per event: a pooled session keeps this stream for as long as it lives.
        ResponseBodies.streamEvents(response, http.options().maxResponseBytes(), true, event -> {
            if ("endpoint".equals(event.event())) {
                if (messageEndpoint == null) {
                    announced(event.data(), response, ready);
                }
            } else if ("message".equals(event.event()) && !event.data().isBlank()) {
                dispatch(event.data());
            }
        }, failure -> ended(failure instanceof McpException m ? m
                : new McpException(Kind.CONNECTION, "MCP server's SSE stream broke off: " + failure.getMessage(), 0, failure),
                ready), () -> ended(new McpException(Kind.CONNECTION, "MCP server closed the SSE stream"), ready));
    }

    private void announced(String data, HttpClientResponse response, UniEmitter<? super LegacySseSession> ready) {
        URI target;
        try {
            target = endpoint.url().resolve(data.trim());
        } catch (IllegalArgumentException e) {
            refuse(response, ready, "MCP server announced an invalid message endpoint");
            return;
        }
        if (!sameOrigin(endpoint.url(), target)) {
            refuse(response, ready, "MCP server announced a message endpoint on another origin (" + target.getHost()
                    + "); only the SSE endpoint's own origin is used");
            return;
        }
        messageEndpoint = target;
        ready.complete(this);
    }

    /**
     * Fails the session with the cause first, then drops the stream: resetting it fires the
     * stream's own failure ("Stream reset: 0"), which must not be the reason the caller sees.
     */
    private void refuse(HttpClientResponse response, UniEmitter<? super LegacySseSession> ready, String reason) {
        McpException failure = new McpException(Kind.MALFORMED_RESPONSE, reason);
        streamFailure = failure;
        ready.fail(failure);
        response.request().reset();
    }

    private void dispatch(String data) {
        JsonNode message;
        try {
            message = JsonRpc.parse(data);
        } catch (McpException e) {
            LOG.debugf("ignoring an unparseable SSE message");
            return;
        }
        if (message.has("id") && message.get("id").canConvertToLong()
                && (message.has("result") || message.has("error"))) {
            UniEmitter<? super JsonNode> waiter = pending.remove(message.get("id").asLong());
            if (waiter != null) {
                waiter.complete(message);
            }
        } else if (JsonRpc.isNotification(message)) {
            notified(message);
        } else if (JsonRpc.isServerRequest(message)) {
            post(answerTo(message)).subscribe().with(ResponseBodies::discard,
                    e -> LOG.debugf("could not answer a server request: %s", e.getMessage()));
        }
    }

    private void ended(McpException failure, UniEmitter<? super LegacySseSession> ready) {
        if (streamFailure == null) {
            streamFailure = failure;
        }
        if (messageEndpoint == null) {
            ready.fail(failure);
        }
        pending.values().forEach(waiter -> waiter.fail(failure));
        pending.clear();
    }

    @Override
    protected Uni<JsonNode> exchange(ObjectNode request, long id, Map<String, String> extraHeaders) {
        String method = request.path("method").asText();
        return Uni.createFrom().<JsonNode>emitter(waiter -> {
            if (streamFailure != null) {
                waiter.fail(streamFailure);
                return;
            }
            pending.put(id, waiter);
            waiter.onTermination(() -> pending.remove(id));
            post(request).subscribe().with(response -> {
                ResponseBodies.discard(response);
                if (response.statusCode() < 200 || response.statusCode() >= 300) {
                    pending.remove(id);
                    waiter.fail(httpError(response.statusCode(), method));
                }
            }, failure -> {
                pending.remove(id);
                waiter.fail(failure);
            });
        });
    }

    @Override
    protected Uni<Void> notify(ObjectNode notification) {
        return post(notification).chain(response -> {
            ResponseBodies.discard(response);
            int status = response.statusCode();
            return status >= 200 && status < 300 ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(httpError(status, notification.path("method").asText()));
        });
    }

    @Override
    public boolean isOpen() {
        return streamFailure == null && stream != null;
    }

    /** The legacy transport's stream carries notifications already: nothing to open. */
    @Override
    public Uni<Boolean> listen() {
        return Uni.createFrom().item(isOpen());
    }

    @Override
    public boolean isListening() {
        return isOpen();
    }

    @Override
    public Uni<Void> close() {
        if (streamFailure == null) {
            streamFailure = new McpException(Kind.CONNECTION, "the session was closed");
        }
        HttpClientResponse open = stream;
        if (open != null) {
            open.handler(null);
            open.endHandler(null);
            open.exceptionHandler(null);
            open.request().reset();
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<HttpClientResponse> post(ObjectNode message) {
        Map<String, String> headers = new HashMap<>(endpoint.headers());
        headers.put("Content-Type", "application/json");
        return http.send(HttpMethod.POST, messageEndpoint, headers, JsonRpc.bytes(message));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
