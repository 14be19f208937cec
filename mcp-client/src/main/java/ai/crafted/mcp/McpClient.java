package ai.crafted.mcp;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.transport.AbstractSession;
import ai.crafted.mcp.transport.HttpCaller;
import ai.crafted.mcp.transport.LegacySseSession;
import ai.crafted.mcp.transport.StreamableHttpSession;

/**
 * Entry point of the MCP client. One instance per service; it owns a sized HTTP connection pool
 * with a bounded wait queue and the {@link McpSessionPool} that keeps sessions between calls.
 * Protocol 2026-07-28 is tried first on streamable HTTP ({@code server/discover}); a server that
 * turned out older is remembered for an hour so its next sessions go straight to
 * {@code initialize}.
 */
public final class McpClient implements AutoCloseable {

    /** Most credentials whose redaction is kept ready, and most endpoints whose protocol is remembered. */
    private static final int CACHED_ENTRIES = 1024;
    private static final long OLDER_SERVER_MEMORY_NANOS = Duration.ofHours(1).toNanos();

    private final HttpClient httpClient;
    private final HttpCaller http;
    private final McpSessionPool sessions;
    private final ListChangedDebouncer listChanged;
    /**
     * Redactions by credential headers (least recently used dropped first), so a tool call does
     * not rebuild and compile one: the headers change only when a credential is rotated.
     */
    private final Map<Map<String, String>, SecretRedaction> redactions = lru();
    /** Endpoints that answered {@code server/discover} as an older server, with when they did. */
    private final Map<String, Long> olderServers = lru();

    public McpClient(Vertx vertx, McpClientOptions options) {
        this.httpClient = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) options.keepAliveTimeout().toSeconds())
                .setIdleTimeout((int) options.idleTimeout().toSeconds()),
                new PoolOptions().setHttp1MaxSize(50).setMaxWaitQueueSize(500));
        this.http = new HttpCaller(vertx, httpClient, options);
        this.listChanged = new ListChangedDebouncer(vertx, options.sessions().listChangedDebounce());
        this.sessions = new McpSessionPool(vertx, options.sessions(), this::open);
    }

    /**
     * Negotiates a new session, not pooled: the caller must {@link McpSession#close()} it.
     * Streamable HTTP tries 2026-07-28 first and falls back to {@code initialize}.
     */
    public Uni<McpSession> open(McpEndpoint endpoint) {
        Consumer<JsonNode> notifications = message -> notified(endpoint, message);
        if (endpoint.transport() == McpTransport.HTTP_SSE) {
            LegacySseSession session = new LegacySseSession(http, endpoint, notifications, redactionFor(endpoint));
            return session.connect()
                    .onFailure(TransportHint::wrongTransport).transform(e -> TransportHint.suggest(e, McpTransport.STREAMABLE_HTTP))
                    .chain(connected -> connected.initialize().onFailure().call(connected::close));
        }
        String url = endpoint.url().toString();
        Long olderSince = olderServers.get(url);
        boolean discoverFirst = olderSince == null || System.nanoTime() - olderSince > OLDER_SERVER_MEMORY_NANOS;
        StreamableHttpSession session = new StreamableHttpSession(http, endpoint, notifications, redactionFor(endpoint));
        return session.open(discoverFirst)
                .invoke(opened -> {
                    if (!AbstractSession.MODERN_VERSION.equals(opened.protocolVersion())) {
                        olderServers.put(url, System.nanoTime());
                    } else {
                        olderServers.remove(url);
                    }
                })
                .onFailure(TransportHint::wrongTransport).transform(e -> TransportHint.suggest(e, McpTransport.HTTP_SSE))
                .onFailure().call(session::close);
    }

    /**
     * Lists every tool on a pooled session. The endpoint's credential values are redacted from
     * the tools and from a failure's message ({@link SecretRedaction}); the catalog version stays
     * that of the tools as received.
     */
    public Uni<ToolCatalog> listCatalog(McpEndpoint endpoint) {
        SecretRedaction redaction = redactionFor(endpoint);
        return sessions.withSession(endpoint, McpSession::listCatalog)
                .map(catalog -> redaction.isEmpty() ? catalog
                        : catalog.withTools(catalog.tools().stream().map(redaction::apply).toList()))
                .onFailure().transform(redaction::apply);
    }

    /** The tools of {@link #listCatalog}. */
    public Uni<List<ToolDescriptor>> listTools(McpEndpoint endpoint) {
        return listCatalog(endpoint).map(ToolCatalog::tools);
    }

    /**
     * Calls the tool on a pooled session (one HTTP exchange to a warm server): the
     * {@code tools/call} result, with the endpoint's credential values redacted from every string
     * in it and from a failure's message ({@link SecretRedaction}).
     */
    public Uni<JsonNode> callTool(McpEndpoint endpoint, String name, JsonNode arguments) {
        return callTool(endpoint, name, arguments, null);
    }

    /**
     * {@link #callTool(McpEndpoint, String, JsonNode)} with the tool's input schema, so that a
     * 2026-07-28 call carries the {@code Mcp-Param-*} headers its schema declares; may be null.
     */
    public Uni<JsonNode> callTool(McpEndpoint endpoint, String name, JsonNode arguments, JsonNode inputSchema) {
        SecretRedaction redaction = redactionFor(endpoint);
        return sessions.withSession(endpoint, session -> session.callTool(name, arguments, inputSchema))
                .map(redaction::apply)
                .onFailure().transform(redaction::apply);
    }

    /**
     * Ends the pooled sessions of an integration (its configuration or credential changed, or it
     * was deleted): streamable HTTP sessions get their DELETE.
     */
    public void retire(String owner) {
        sessions.retire(owner);
    }

    /**
     * Who hears that a server's tools changed: {@code listener} gets the endpoint's owner once per
     * {@link SessionPoolOptions#listChangedDebounce()} window after a
     * {@code notifications/tools/list_changed} on any stream this client reads, on a Vert.x thread.
     */
    public void onToolsListChanged(Consumer<String> listener) {
        listChanged.listener(listener);
    }

    /** The session pool, for its gauges. */
    public McpSessionPool sessions() {
        return sessions;
    }

    private void notified(McpEndpoint endpoint, JsonNode message) {
        if ("notifications/tools/list_changed".equals(message.path("method").asText()) && endpoint.owner() != null) {
            listChanged.changed(endpoint.owner());
        }
    }

    private SecretRedaction redactionFor(McpEndpoint endpoint) {
        return redactions.computeIfAbsent(endpoint.headers(), SecretRedaction::ofHeaders);
    }

    private static <K, V> Map<K, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHED_ENTRIES;
            }
        });
    }

    /** Ends every pooled session (waiting up to 3 s for the servers), then the connections. */
    @Override
    public void close() {
        listChanged.close();
        sessions.close(Duration.ofSeconds(3));
        httpClient.close();
    }
}
