package ai.crafted.mcp.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.McpSession;
import ai.crafted.mcp.SecretRedaction;

/**
 * Streamable HTTP: each JSON-RPC message is a POST; the answer is either a JSON body or an SSE
 * stream carrying it (possibly after notifications and server requests).
 *
 * <p>{@link #open} negotiates: {@code server/discover} first (2026-07-28: no session; every request
 * names its method in {@code Mcp-Method}, a tool call its tool in {@code Mcp-Name}, and carries the
 * protocol version in {@code MCP-Protocol-Version} and {@code _meta}); a server that does not know
 * it (older servers answer 400, 404 or a JSON-RPC error) gets {@code initialize}. In an initialised
 * session the id the server assigns is sent back on every request with the negotiated
 * MCP-Protocol-Version, and an expired session (404) is re-initialised once.
 */
public final class StreamableHttpSession extends AbstractSession {

    private static final Logger LOG = Logger.getLogger(StreamableHttpSession.class);

    private static final int MAX_RESUMES = 3;
    private static final long MAX_RESUME_DELAY_MS = 5_000;
    private static final long STREAM_GRACE_MS = 2_000;
    /**
     * Most bytes of one event on a notification stream: notifications are small, and up to
     * {@code mcp.sessions.max-listening} such streams stay open at once.
     */
    private static final int NOTIFICATION_EVENT_CAP = 64 * 1024;
    /** Longest session id sent back: it travels on every request, and servers cap header sizes. */
    private static final int MAX_SESSION_ID_CHARS = 1024;
    /** Most bytes of an error body read for the server's own words. */
    private static final int ERROR_BODY_CAP = 16 * 1024;
    /** Discover failures that mean "an older server": anything but auth, limits and network trouble. */
    private static final Set<Kind> FALLBACK_KINDS = Set.of(Kind.HTTP_STATUS, Kind.JSON_RPC_ERROR, Kind.MALFORMED_RESPONSE,
            Kind.UNSUPPORTED_PROTOCOL);

    private volatile String sessionId;
    private volatile boolean closed;
    private volatile HttpClientResponse listenStream;

    public StreamableHttpSession(HttpCaller http, McpEndpoint endpoint, Consumer<JsonNode> notifications,
            SecretRedaction redaction) {
        super(http, endpoint, notifications, redaction);
    }

    /**
     * Negotiates the protocol: {@code server/discover} (unless {@code discoverFirst} is false,
     * for a server known to be older), then {@code initialize} if the server does not speak
     * 2026-07-28.
     */
    public Uni<McpSession> open(boolean discoverFirst) {
        if (!discoverFirst) {
            // Remembered as older; a server upgraded since refuses initialize with -32022 listing 2026-07-28.
            return initialize().onFailure(AbstractSession::unsupportedButModernOffered).recoverWithUni(() -> open(true));
        }
        return request("server/discover", discoverParams())
                .map(this::discovered)
                .onFailure(StreamableHttpSession::olderServer).recoverWithItem(false)
                .chain(modern -> {
                    if (modern) {
                        return Uni.createFrom().item((McpSession) this);
                    }
                    sessionId = null;
                    return initialize();
                });
    }

    /**
     * A discover failure that says "older server": an HTTP 4xx or a JSON-RPC error (older servers
     * answer 400 with -32000, some 404 or -32601), or an answer that is not a discover result. Not
     * auth (401, 403), rate limits (429) or server failures (5xx): those are errors either way.
     */
    /** The failure a 2026-07-28-only server gives a 2025 request (-32022 listing 2026-07-28). */
    private static McpException upgraded() {
        var data = JsonRpc.MAPPER.createObjectNode();
        data.putArray("supported").add(MODERN_VERSION);
        return new McpException(Kind.UNSUPPORTED_PROTOCOL, "MCP server now speaks only " + MODERN_VERSION, 0, null,
                UNSUPPORTED_VERSION, data);
    }

    @Override
    protected Uni<McpSession> renegotiate() {
        sessionId = null;
        return open(true);
    }

    private static boolean olderServer(Throwable failure) {
        if (!(failure instanceof McpException e) || !FALLBACK_KINDS.contains(e.kind())) {
            return false;
        }
        int status = e.httpStatus();
        return status != 401 && status != 403 && status != 429 && status < 500;
    }

    @Override
    protected Uni<JsonNode> exchange(ObjectNode request, long id, Map<String, String> extraHeaders) {
        String method = request.path("method").asText();
        return post(request, extraHeaders).chain(response -> {
            captureSession(response);
            int status = response.statusCode();
            if (status == 404 && sessionId != null && !"initialize".equals(method) && !modern()) {
                // The server forgot our session: start a new one and send the request again.
                ResponseBodies.discard(response);
                sessionId = null;
                return open(false).chain(() -> {
                    if (modern()) {
                        // The server came back speaking only 2026-07-28: this request was built for
                        // 2025, so it is refused the way such a server refuses it and sent again.
                        return Uni.createFrom().failure(upgraded());
                    }
                    return post(request).chain(retry -> {
                        captureSession(retry);
                        return read(retry, id, method);
                    });
                });
            }
            return read(response, id, method);
        });
    }

    @Override
    protected Uni<Void> notify(ObjectNode notification) {
        return post(notification).chain(response -> {
            int status = response.statusCode();
            ResponseBodies.discard(response);
            return status >= 200 && status < 300 ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(httpError(status, notification.path("method").asText()));
        });
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public boolean isListening() {
        return listenStream != null;
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        HttpClientResponse stream = listenStream;
        listenStream = null;
        if (stream != null) {
            stream.request().reset();
        }
        if (sessionId == null) {
            return Uni.createFrom().voidItem();
        }
        return http.send(HttpMethod.DELETE, endpoint.url(), headers(null), null)
                .invoke(ResponseBodies::discard)
                .replaceWithVoid()
                .onFailure().recoverWithNull()
                .invoke(() -> sessionId = null);
    }

    /**
     * 2026-07-28: a {@code subscriptions/listen} request asking for tool list changes, whose event
     * stream stays open; older versions: the GET stream for server messages (a server without one
     * answers 405).
     */
    @Override
    public Uni<Boolean> listen() {
        if (closed || listenStream != null) {
            return Uni.createFrom().item(listenStream != null);
        }
        Uni<HttpClientResponse> opened;
        if (modern()) {
            ObjectNode params = JsonRpc.MAPPER.createObjectNode();
            params.putObject("notifications").put("toolsListChanged", true);
            ObjectNode request = JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", "listen")
                    .put("method", "subscriptions/listen");
            request.set("params", withRequestMeta(params));
            opened = post(request);
        } else {
            Map<String, String> headers = headers(null);
            headers.put("Accept", "text/event-stream");
            opened = http.send(HttpMethod.GET, endpoint.url(), headers, null);
        }
        return opened.map(response -> {
            String type = String.valueOf(response.getHeader("content-type")).toLowerCase();
            if (response.statusCode() != 200 || !type.startsWith("text/event-stream") || closed) {
                ResponseBodies.discard(response);
                return false;
            }
            listenStream = response;
            ResponseBodies.streamEvents(response, NOTIFICATION_EVENT_CAP, true, event -> {
                if (!event.data().isBlank()) {
                    onStreamMessage(event.data());
                }
            }, failure -> listenStream = null, () -> listenStream = null);
            return true;
        }).onFailure().recoverWithItem(false);
    }

    private void onStreamMessage(String data) {
        JsonNode message;
        try {
            message = JsonRpc.parse(data);
        } catch (McpException e) {
            return;
        }
        if (JsonRpc.isNotification(message)) {
            notified(message);
        } else if (JsonRpc.isServerRequest(message)) {
            answer(message);
        }
    }

    /** The {@code WWW-Authenticate} values of a 401 or 403 (where an OAuth-protected server points to its metadata). */
    private static java.util.List<String> challenges(HttpClientResponse response) {
        int status = response.statusCode();
        return status == 401 || status == 403 ? response.headers().getAll("WWW-Authenticate") : java.util.List.of();
    }

    private Uni<JsonNode> read(HttpClientResponse response, long id, String method) {
        int status = response.statusCode();
        String type = String.valueOf(response.getHeader("content-type")).toLowerCase();
        if (status < 200 || status >= 300) {
            if (!type.startsWith("application/json")) {
                ResponseBodies.discard(response);
                return Uni.createFrom().failure(httpError(status, method).withAuthenticateChallenges(challenges(response)));
            }
            // 2026-07-28 servers (and many older ones) say why in a JSON-RPC error body.
            return ResponseBodies.collect(response, ERROR_BODY_CAP)
                    .onFailure().recoverWithNull()
                    .chain(body -> {
                        JsonNode error = JsonRpc.errorIn(body);
                        return Uni.createFrom().failure(httpError(status, method, error == null ? null : redaction.apply(error))
                                .withAuthenticateChallenges(challenges(response)));
                    });
        }
        int cap = http.options().maxResponseBytes();
        if (type.startsWith("text/event-stream")) {
            return fromStream(response, id, method, cap, MAX_RESUMES);
        }
        if (type.startsWith("application/json")) {
            return ResponseBodies.collect(response, cap).map(body -> {
                JsonNode message = JsonRpc.parse(body.toString());
                JsonNode answer = null;
                for (JsonNode m : message.isArray() ? message : java.util.List.of(message)) {
                    if (JsonRpc.isResponseTo(m, id)) {
                        answer = m;
                    } else if (JsonRpc.isNotification(m)) {
                        notified(m);
                    }
                }
                if (answer == null) {
                    throw new McpException(Kind.MALFORMED_RESPONSE, "MCP server's answer to " + method
                            + " is not a JSON-RPC response to it");
                }
                return answer;
            });
        }
        ResponseBodies.discard(response);
        return Uni.createFrom().failure(new McpException(Kind.MALFORMED_RESPONSE,
                "MCP server answered " + method + " with content type '" + type + "' instead of JSON or SSE"));
    }

    /**
     * Reads our answer from an event stream. If the server ends the stream gracefully before
     * answering but gave event ids, we resume with a GET carrying Last-Event-ID after the
     * server's retry delay, as the spec's resumability rules describe.
     */
    private Uni<JsonNode> fromStream(HttpClientResponse response, long id, String method, int cap, int resumesLeft) {
        return readEvents(response, id, method, cap).chain(outcome -> {
            if (outcome.answer() != null) {
                return Uni.createFrom().item(outcome.answer());
            }
            if (outcome.lastEventId() == null || resumesLeft <= 0) {
                return Uni.createFrom().failure(new McpException(Kind.MALFORMED_RESPONSE,
                        "MCP server's event stream ended without an answer to " + method));
            }
            Duration delay = resumeDelay(outcome.retryMs());
            Map<String, String> headers = headers(null);
            headers.put("Accept", "text/event-stream");
            headers.put("Last-Event-ID", outcome.lastEventId());
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                    .chain(() -> http.send(HttpMethod.GET, endpoint.url(), headers, null))
                    .chain(resumed -> {
                        int status = resumed.statusCode();
                        if (status < 200 || status >= 300) {
                            ResponseBodies.discard(resumed);
                            return Uni.createFrom().failure(httpError(status, method + " (resuming its stream)"));
                        }
                        return fromStream(resumed, id, method, cap, resumesLeft - 1);
                    });
        });
    }

    /**
     * How long to wait before resuming a stream the server closed without an answer: its SSE
     * {@code retry} (ms; 1 s when it sent none), at most 5 s and at least 1 ms — a {@code retry: 0}
     * means "at once", but Mutiny refuses a zero delay and Vert.x timers one below 1 ms.
     */
    static Duration resumeDelay(Long retryMs) {
        long ms = retryMs == null ? 1000 : retryMs;
        return Duration.ofMillis(Math.max(1, Math.min(ms, MAX_RESUME_DELAY_MS)));
    }

    private record StreamOutcome(JsonNode answer, String lastEventId, Long retryMs) {
    }

    private Uni<StreamOutcome> readEvents(HttpClientResponse response, long id, String method, int cap) {
        return Uni.createFrom().emitter(emitter -> {
            boolean[] done = { false };
            boolean[] ended = { false };
            String[] lastEventId = { null };
            Long[] retryMs = { null };
            ResponseBodies.streamEvents(response, cap, event -> {
                if (done[0]) {
                    return;
                }
                if (event.id() != null) {
                    lastEventId[0] = event.id();
                }
                if (event.retryMs() != null) {
                    retryMs[0] = event.retryMs();
                }
                if (event.data().isBlank()) {
                    return; // e.g. the priming event that only carries an id
                }
                JsonNode message;
                try {
                    message = JsonRpc.parse(event.data());
                } catch (McpException e) {
                    done[0] = true;
                    emitter.fail(e);
                    closeIfStillOpen(response, ended);
                    return;
                }
                if (JsonRpc.isResponseTo(message, id)) {
                    done[0] = true;
                    emitter.complete(new StreamOutcome(message, null, null));
                    closeIfStillOpen(response, ended);
                } else if (JsonRpc.isServerRequest(message)) {
                    answer(message);
                } else if (JsonRpc.isNotification(message)) {
                    notified(message);
                }
            }, failure -> {
                ended[0] = true;
                if (!done[0]) {
                    done[0] = true;
                    emitter.fail(failure instanceof McpException ? failure
                            : new McpException(Kind.CONNECTION, "MCP server's stream broke off: " + failure.getMessage(), 0, failure));
                }
            }, () -> {
                ended[0] = true;
                if (!done[0]) {
                    done[0] = true;
                    emitter.complete(new StreamOutcome(null, lastEventId[0], retryMs[0]));
                }
            });
            emitter.onTermination(() -> {
                if (!done[0]) {
                    done[0] = true;
                    closeIfStillOpen(response, ended);
                }
            });
        });
    }

    private void answer(JsonNode serverRequest) {
        post(answerTo(serverRequest)).subscribe().with(ResponseBodies::discard,
                e -> LOG.debugf("could not answer a server request: %s", e.getMessage()));
    }

    /**
     * Servers normally end the stream right after the answer; only a stream still open after a
     * grace period is reset. Resetting at once could hit a connection that already went back to
     * the pool and now carries another request.
     */
    private void closeIfStillOpen(HttpClientResponse response, boolean[] ended) {
        http.vertx().setTimer(STREAM_GRACE_MS, t -> {
            if (!ended[0]) {
                response.request().reset();
            }
        });
    }

    private Uni<HttpClientResponse> post(ObjectNode message) {
        return post(message, Map.of());
    }

    private Uni<HttpClientResponse> post(ObjectNode message, Map<String, String> extraHeaders) {
        Map<String, String> headers = headers(message);
        headers.putAll(extraHeaders);
        return http.send(HttpMethod.POST, endpoint.url(), headers, JsonRpc.bytes(message));
    }

    /**
     * The request headers: credential, session id and protocol version; for a message, the content
     * headers too, and in 2026-07-28 {@code Mcp-Method} and, for tools/call, {@code Mcp-Name}
     * (specification 2026-07-28, basic/transports: servers refuse a request whose headers and body
     * disagree).
     */
    private Map<String, String> headers(ObjectNode message) {
        Map<String, String> headers = new HashMap<>(endpoint.headers());
        if (message != null) {
            headers.put("Content-Type", "application/json");
            headers.put("Accept", "application/json, text/event-stream");
            String method = message.path("method").asText(null);
            boolean discover = "server/discover".equals(method);
            if (method != null && (modern() || discover)) {
                headers.put("Mcp-Method", method);
                if ("tools/call".equals(method) || "prompts/get".equals(method)) {
                    headers.put("Mcp-Name", ModernHeaders.value(message.path("params").path("name").asText()));
                } else if ("resources/read".equals(method)) {
                    headers.put("Mcp-Name", ModernHeaders.value(message.path("params").path("uri").asText()));
                }
            }
        }
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        if (message != null && "server/discover".equals(message.path("method").asText(null))) {
            // Also when negotiating again: the version agreed before must not travel with discover.
            headers.put("MCP-Protocol-Version", MODERN_VERSION);
            headers.remove("Mcp-Session-Id");
        } else if (protocolVersion() != null) {
            headers.put("MCP-Protocol-Version", protocolVersion());
        }
        return headers;
    }

    /**
     * Keeps the session id the server assigned. The specification allows only visible ASCII
     * (0x21–0x7E); anything else (control characters, say) is refused here with a clear error rather
     * than failing later as a header the HTTP client will not send.
     */
    private void captureSession(HttpClientResponse response) {
        String id = response.getHeader("mcp-session-id");
        if (id == null || id.isBlank() || modern()) {
            return;
        }
        if (id.length() > MAX_SESSION_ID_CHARS || !id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            ResponseBodies.discard(response);
            throw new McpException(Kind.MALFORMED_RESPONSE, "MCP server assigned a session id that is not "
                    + (id.length() > MAX_SESSION_ID_CHARS ? "at most " + MAX_SESSION_ID_CHARS + " characters"
                            : "visible ASCII, as the specification requires"));
        }
        sessionId = id;
    }
}
