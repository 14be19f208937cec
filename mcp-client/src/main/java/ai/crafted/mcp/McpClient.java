package ai.crafted.mcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.transport.HttpCaller;
import ai.crafted.mcp.transport.LegacySseSession;
import ai.crafted.mcp.transport.StreamableHttpSession;

/**
 * Entry point of the MCP client: opens sessions over either transport. One instance per
 * service; it owns a sized HTTP connection pool with a bounded wait queue.
 */
public final class McpClient implements AutoCloseable {

    /** Most credentials whose redaction is kept ready. */
    private static final int CACHED_REDACTIONS = 1024;

    private final HttpClient httpClient;
    private final HttpCaller http;
    /**
     * Redactions by credential headers (least recently used dropped first), so a tool call does
     * not rebuild and compile one: the headers change only when a credential is rotated.
     */
    private final Map<Map<String, String>, SecretRedaction> redactions = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Map<String, String>, SecretRedaction> eldest) {
                    return size() > CACHED_REDACTIONS;
                }
            });

    public McpClient(Vertx vertx, McpClientOptions options) {
        this.httpClient = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) options.keepAliveTimeout().toSeconds())
                .setIdleTimeout((int) options.idleTimeout().toSeconds()),
                new PoolOptions().setHttp1MaxSize(50).setMaxWaitQueueSize(500));
        this.http = new HttpCaller(vertx, httpClient, options);
    }

    /** Connects and runs {@code initialize}; the caller must {@link McpSession#close()} the session. */
    public Uni<McpSession> open(McpEndpoint endpoint) {
        if (endpoint.transport() == McpTransport.HTTP_SSE) {
            LegacySseSession session = new LegacySseSession(http, endpoint);
            return session.connect().chain(connected -> connected.initialize()
                    .onFailure().call(connected::close));
        }
        StreamableHttpSession session = new StreamableHttpSession(http, endpoint);
        return session.initialize().onFailure().call(session::close);
    }

    /**
     * Opens a session, lists every tool and closes the session again. The endpoint's credential
     * values are redacted from the tools and from a failure's message ({@link SecretRedaction});
     * the catalog version stays that of the tools as received.
     */
    public Uni<ToolCatalog> listCatalog(McpEndpoint endpoint) {
        SecretRedaction redaction = redactionFor(endpoint);
        return withSession(endpoint, McpSession::listCatalog)
                .map(catalog -> redaction.isEmpty() ? catalog
                        : new ToolCatalog(catalog.tools().stream().map(redaction::apply).toList(), catalog.version()))
                .onFailure().transform(redaction::apply);
    }

    /** The tools of {@link #listCatalog}. */
    public Uni<List<ToolDescriptor>> listTools(McpEndpoint endpoint) {
        return listCatalog(endpoint).map(ToolCatalog::tools);
    }

    /**
     * Opens a session, calls the tool and closes the session: the {@code tools/call} result, with
     * the endpoint's credential values redacted from every string in it and from a failure's
     * message ({@link SecretRedaction}).
     */
    public Uni<JsonNode> callTool(McpEndpoint endpoint, String name, JsonNode arguments) {
        SecretRedaction redaction = redactionFor(endpoint);
        return withSession(endpoint, session -> session.callTool(name, arguments))
                .map(redaction::apply)
                .onFailure().transform(redaction::apply);
    }

    private SecretRedaction redactionFor(McpEndpoint endpoint) {
        return redactions.computeIfAbsent(endpoint.headers(), SecretRedaction::ofHeaders);
    }

    private <T> Uni<T> withSession(McpEndpoint endpoint, java.util.function.Function<McpSession, Uni<T>> work) {
        return open(endpoint).chain(session -> work.apply(session)
                .onTermination().call(session::close));
    }

    @Override
    public void close() {
        httpClient.close();
    }
}
