package ai.crafted.mcp;

import java.util.List;

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

    private final HttpClient httpClient;
    private final HttpCaller http;

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

    /** Opens a session, lists every tool and closes the session again. */
    public Uni<ToolCatalog> listCatalog(McpEndpoint endpoint) {
        return withSession(endpoint, McpSession::listCatalog);
    }

    /** The tools of {@link #listCatalog}. */
    public Uni<List<ToolDescriptor>> listTools(McpEndpoint endpoint) {
        return listCatalog(endpoint).map(ToolCatalog::tools);
    }

    public Uni<JsonNode> callTool(McpEndpoint endpoint, String name, JsonNode arguments) {
        return withSession(endpoint, session -> session.callTool(name, arguments));
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
