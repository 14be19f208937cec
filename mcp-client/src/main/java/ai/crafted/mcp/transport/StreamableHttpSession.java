package ai.crafted.mcp.transport;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;

/**
 * Streamable HTTP: each JSON-RPC message is a POST; the answer is either a JSON body or an SSE
 * stream carrying it (possibly after notifications and server requests). The session id the
 * server assigns at initialize is sent back on every request, with the negotiated
 * MCP-Protocol-Version; an expired session (404) is re-initialised once.
 */
public final class StreamableHttpSession extends AbstractSession {

    private static final Logger LOG = Logger.getLogger(StreamableHttpSession.class);

    private static final int MAX_RESUMES = 3;
    private static final long MAX_RESUME_DELAY_MS = 5_000;
    private static final long STREAM_GRACE_MS = 2_000;

    private volatile String sessionId;

    public StreamableHttpSession(HttpCaller http, McpEndpoint endpoint) {
        super(http, endpoint);
    }

    @Override
    protected Uni<JsonNode> exchange(ObjectNode request, long id) {
        String method = request.path("method").asText();
        return post(request).chain(response -> {
            captureSession(response);
            int status = response.statusCode();
            if (status == 404 && sessionId != null && !"initialize".equals(method)) {
                // The server forgot our session: start a new one and send the request again.
                ResponseBodies.discard(response);
                sessionId = null;
                return initialize().chain(() -> post(request)).chain(retry -> {
                    captureSession(retry);
                    return read(retry, id, method);
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
    public Uni<Void> close() {
        if (sessionId == null) {
            return Uni.createFrom().voidItem();
        }
        return http.send(HttpMethod.DELETE, endpoint.url(), headers(false), null)
                .invoke(ResponseBodies::discard)
                .replaceWithVoid()
                .onFailure().recoverWithNull()
                .invoke(() -> sessionId = null);
    }

    private Uni<JsonNode> read(HttpClientResponse response, long id, String method) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            ResponseBodies.discard(response);
            return Uni.createFrom().failure(httpError(status, method));
        }
        String type = String.valueOf(response.getHeader("content-type")).toLowerCase();
        int cap = http.options().maxResponseBytes();
        if (type.startsWith("text/event-stream")) {
            return fromStream(response, id, method, cap, MAX_RESUMES);
        }
        if (type.startsWith("application/json")) {
            return ResponseBodies.collect(response, cap).map(body -> {
                JsonNode message = JsonRpc.parse(body.toString());
                if (message.isArray()) {
                    for (JsonNode m : message) {
                        if (JsonRpc.isResponseTo(m, id)) {
                            return m;
                        }
                    }
                } else if (JsonRpc.isResponseTo(message, id)) {
                    return message;
                }
                throw new McpException(Kind.MALFORMED_RESPONSE, "MCP server's answer to " + method
                        + " is not a JSON-RPC response to it");
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
            long delay = Math.min(outcome.retryMs() == null ? 1000 : outcome.retryMs(), MAX_RESUME_DELAY_MS);
            Map<String, String> headers = headers(false);
            headers.put("Accept", "text/event-stream");
            headers.put("Last-Event-ID", outcome.lastEventId());
            return Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(delay))
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
                    post(answerTo(message)).subscribe().with(ResponseBodies::discard,
                            e -> LOG.debugf("could not answer a server request: %s", e.getMessage()));
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
        return http.send(HttpMethod.POST, endpoint.url(), headers(true), JsonRpc.bytes(message));
    }

    private Map<String, String> headers(boolean withBody) {
        Map<String, String> headers = new HashMap<>(endpoint.headers());
        if (withBody) {
            headers.put("Content-Type", "application/json");
            headers.put("Accept", "application/json, text/event-stream");
        }
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        if (negotiatedVersion() != null) {
            headers.put("MCP-Protocol-Version", negotiatedVersion());
        }
        return headers;
    }

    private void captureSession(HttpClientResponse response) {
        String id = response.getHeader("mcp-session-id");
        if (id != null && !id.isBlank()) {
            sessionId = id;
        }
    }
}
