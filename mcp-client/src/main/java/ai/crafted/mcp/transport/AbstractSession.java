package ai.crafted.mcp.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.McpSession;
import ai.crafted.mcp.SecretRedaction;
import ai.crafted.mcp.ToolCatalog;

/**
 * The MCP operations, on top of a transport that can exchange one JSON-RPC request for its
 * response. Speaks 2026-07-28 once {@link #discovered} (every request then carries the protocol
 * version, client info and capabilities in {@code params._meta}, and results carry
 * {@code resultType}), and the older versions after {@link #initialize}.
 */
public abstract class AbstractSession implements McpSession {

    private static final Logger LOG = Logger.getLogger(AbstractSession.class);

    /** The sessionless revision: {@code server/discover} instead of {@code initialize}. */
    public static final String MODERN_VERSION = "2026-07-28";

    /** Versions negotiated with {@code initialize}, newest first: we offer the first and accept any back. */
    public static final List<String> INITIALIZE_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    /** Every version the client speaks, newest first. */
    public static final List<String> SUPPORTED_VERSIONS = List.of(MODERN_VERSION, "2025-11-25", "2025-06-18",
            "2025-03-26", "2024-11-05");

    /** The {@code _meta} keys of 2026-07-28 requests (specification 2026-07-28, basic/lifecycle). */
    static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

    /** The 2026-07-28 error code for a protocol version the server does not serve. */
    static final int UNSUPPORTED_VERSION = -32022;

    protected final HttpCaller http;
    protected final McpEndpoint endpoint;
    private final Consumer<JsonNode> notifications;
    /** The endpoint's credential values, removed from server text before it is cut into messages. */
    protected final SecretRedaction redaction;
    private final AtomicLong ids = new AtomicLong();
    private volatile String protocolVersion;
    private volatile boolean modern;
    private volatile boolean toolsListChanged;

    /**
     * @param notifications receives every notification the server sends on a stream this session
     *                      reads (progress, list changes...), on a Vert.x thread; it must not block
     * @param redaction     the endpoint's credential values ({@link SecretRedaction#ofHeaders})
     */
    protected AbstractSession(HttpCaller http, McpEndpoint endpoint, Consumer<JsonNode> notifications,
            SecretRedaction redaction) {
        this.http = http;
        this.endpoint = endpoint;
        this.notifications = notifications;
        this.redaction = redaction;
    }

    /**
     * Sends one request and returns the matching response message (result or error);
     * {@code headers} are extra request headers (2026-07-28 {@code Mcp-Param-*}), usually empty.
     */
    protected abstract Uni<JsonNode> exchange(ObjectNode request, long id, Map<String, String> headers);

    /** Sends a notification (no answer expected). */
    protected abstract Uni<Void> notify(ObjectNode notification);

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    /** Whether this session speaks 2026-07-28 (no session, per-request metadata). */
    protected boolean modern() {
        return modern;
    }

    @Override
    public boolean notifiesToolListChanges() {
        return toolsListChanged;
    }

    /** Runs {@code initialize} and {@code notifications/initialized} (protocol 2025-11-25 and older). */
    public Uni<McpSession> initialize() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", INITIALIZE_VERSIONS.get(0));
        // No roots, sampling or elicitation: declaring them would invite server requests we do not serve.
        params.putObject("capabilities");
        params.set("clientInfo", clientInfo());
        modern = false;
        return request("initialize", params).chain(result -> {
            String version = result.path("protocolVersion").asText("");
            if (!INITIALIZE_VERSIONS.contains(version)) {
                return Uni.createFrom().failure(new McpException(Kind.UNSUPPORTED_PROTOCOL,
                        "MCP server speaks protocol version '" + version + "'; supported: " + SUPPORTED_VERSIONS));
            }
            protocolVersion = version;
            toolsListChanged = result.path("capabilities").path("tools").path("listChanged").asBoolean(false);
            return notify(JsonRpc.notification("notifications/initialized", null)).replaceWith(this);
        });
    }

    /**
     * Takes a {@code server/discover} result: true when the server speaks 2026-07-28 (this
     * session then does too), false when it lists only other versions.
     */
    protected boolean discovered(JsonNode result) {
        for (JsonNode version : result.path("supportedVersions")) {
            if (MODERN_VERSION.equals(version.asText())) {
                protocolVersion = MODERN_VERSION;
                modern = true;
                toolsListChanged = result.path("capabilities").path("tools").path("listChanged").asBoolean(false);
                return true;
            }
        }
        return false;
    }

    /** The {@code server/discover} request's params (only {@code _meta}). */
    protected ObjectNode discoverParams() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        params.set("_meta", modernMeta());
        return params;
    }

    @Override
    public Uni<ToolCatalog> listCatalog() {
        return listFrom(null, new Listing());
    }

    /** What the pages of one listing add up to. */
    private static final class Listing {
        final List<JsonNode> raw = new ArrayList<>();
        final List<ToolDescriptor> tools = new ArrayList<>();
        final Set<String> seenCursors = new HashSet<>();
        Long ttlMs;
        String cacheScope;

        /** The smallest TTL of any page; a private page makes the whole list private. */
        void hints(JsonNode result) {
            JsonNode ttl = result.get("ttlMs");
            if (ttl != null && ttl.canConvertToLong() && ttl.asLong() >= 0) {
                ttlMs = ttlMs == null ? ttl.asLong() : Math.min(ttlMs, ttl.asLong());
            }
            String scope = result.path("cacheScope").asText(null);
            if ("private".equals(scope) || ("public".equals(scope) && cacheScope == null)) {
                cacheScope = scope;
            }
        }
    }

    private Uni<ToolCatalog> listFrom(String cursor, Listing listing) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return request("tools/list", params).chain(result -> {
            JsonNode page = result.get("tools");
            if (page == null || !page.isArray()) {
                return Uni.createFrom().failure(new McpException(Kind.MALFORMED_RESPONSE,
                        "MCP server answered tools/list without a tools array"));
            }
            for (JsonNode tool : page) {
                if (modern && ModernHeaders.problemIn(tool.path("inputSchema")) != null) {
                    // 2026-07-28: a client must not offer a tool whose header declarations it cannot honour.
                    continue;
                }
                listing.tools.add(ToolDescriptors.from(tool));
                listing.raw.add(tool);
            }
            listing.hints(result);
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return Uni.createFrom().item(ToolCatalog.of(listing.raw, listing.tools)
                        .withListing(protocolVersion, listing.ttlMs, listing.cacheScope));
            }
            if (!listing.seenCursors.add(next.asText()) || listing.seenCursors.size() >= http.options().maxPages()) {
                return Uni.createFrom().failure(new McpException(Kind.MALFORMED_RESPONSE,
                        "MCP server kept paginating tools/list (repeated cursor or more than "
                                + http.options().maxPages() + " pages)"));
            }
            return listFrom(next.asText(), listing);
        });
    }

    @Override
    public Uni<JsonNode> callTool(String name, JsonNode arguments) {
        return callTool(name, arguments, null);
    }

    @Override
    public Uni<JsonNode> callTool(String name, JsonNode arguments, JsonNode inputSchema) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", name);
        params.set("arguments", arguments == null ? JsonRpc.MAPPER.createObjectNode() : arguments);
        Map<String, String> headers = modern && inputSchema != null
                ? ModernHeaders.paramHeaders(inputSchema, params.get("arguments")) : Map.of();
        return request("tools/call", params, headers).map(result -> InputRequests.isInputRequired(result)
                ? InputRequests.asToolError(name, redaction.apply(result)) : result);
    }

    @Override
    public Uni<Void> ping() {
        return request("ping", null).replaceWithVoid();
    }

    /**
     * One JSON-RPC call with the endpoint's timeout; the result object or a typed failure. In
     * 2026-07-28 the params carry the request metadata and a result must be {@code complete}
     * (or {@code input_required}, for tools/call).
     */
    protected Uni<JsonNode> request(String method, JsonNode params) {
        return request(method, params, Map.of());
    }

    /** {@link #request(String, JsonNode)} with extra request headers. */
    protected Uni<JsonNode> request(String method, JsonNode params, Map<String, String> headers) {
        Duration timeout = endpoint.timeout();
        JsonNode sent = modern ? withRequestMeta(params) : params;
        Uni<JsonNode> call = Uni.createFrom().deferred(() -> {
            long id = ids.incrementAndGet();
            Uni<JsonNode> exchange = exchange(JsonRpc.request(id, method, sent), id, headers);
            // initialize must not be cancelled (specification, basic/utilities/cancellation).
            return CANCELLABLE.contains(method) ? exchange.onCancellation().invoke(() -> cancelled(id, method)) : exchange;
        });
        if (modern || "server/discover".equals(method)) {
            // A 2026-07-28 server that refuses the version while listing ours as supported is
            // asked once more (the conformance suite's request-metadata scenario does exactly this).
            call = call.onFailure(AbstractSession::unsupportedButModernOffered).retry().atMost(1);
        }
        if (SAFE_TO_REPEAT.contains(method)) {
            // A kept-alive connection can be closed by the server just as we reuse it; requests
            // without side effects are simply sent again once.
            call = call.onFailure(AbstractSession::closedConnection).retry().atMost(1);
        }
        if (!modern && !"initialize".equals(method) && !"server/discover".equals(method)) {
            // A server upgraded to 2026-07-28 under a pooled 2025 session refuses it with -32022:
            // negotiate again and send the request once more, instead of failing this caller.
            call = call.onFailure(AbstractSession::unsupportedButModernOffered)
                    .recoverWithUni(() -> renegotiate().chain(() -> request(method, params, headers)));
        }
        return call
                .ifNoItem().after(timeout).failWith(() -> new McpException(Kind.TIMEOUT,
                        "timed out after " + timeout.toMillis() + " ms waiting for " + method))
                .map(response -> {
                    // Redacted before the error text is cut, so no part of a secret survives the cut.
                    JsonNode result = JsonRpc.resultOf(response.has("error") ? redaction.apply(response) : response, method);
                    if (modern) {
                        InputRequests.checkResultType(result, method, redaction);
                    }
                    return result;
                });
    }

    private static final Set<String> SAFE_TO_REPEAT = Set.of("initialize", "server/discover", "tools/list", "ping");
    private static final Set<String> CANCELLABLE = Set.of("tools/call", "tools/list");

    /**
     * Tells the server that a request was given up (its caller went away or its timeout passed):
     * {@code notifications/cancelled} with the request id and a reason, as the specification's
     * cancellation utility says; a disconnection alone must not be read as a cancellation by a
     * streamable HTTP server. Best effort: a failure to deliver it is only logged.
     */
    private void cancelled(long id, String method) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("requestId", id)
                .put("reason", "the client gave up waiting for " + method);
        notify(JsonRpc.notification("notifications/cancelled", params)).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("notifications/cancelled for request %d not delivered: %s", id, failure.getMessage()));
    }

    private static boolean closedConnection(Throwable failure) {
        return failure instanceof McpException e && e.kind() == Kind.CONNECTION
                && String.valueOf(e.getMessage()).contains("Connection was closed");
    }

    /** A copy of {@code params} (or new params) carrying the 2026-07-28 request metadata. */
    protected ObjectNode withRequestMeta(JsonNode params) {
        ObjectNode copy = params instanceof ObjectNode object ? object.deepCopy() : JsonRpc.MAPPER.createObjectNode();
        copy.set("_meta", modernMeta());
        return copy;
    }

    /**
     * The 2026-07-28 request metadata. We declare form elicitation so that a server needing input
     * says what it needs ({@code input_required}) instead of refusing the call; we never answer it.
     */
    private ObjectNode modernMeta() {
        ObjectNode meta = JsonRpc.MAPPER.createObjectNode().put(META_PROTOCOL_VERSION, MODERN_VERSION);
        meta.set(META_CLIENT_INFO, clientInfo());
        meta.putObject(META_CLIENT_CAPABILITIES).putObject("elicitation").putObject("form");
        return meta;
    }

    private ObjectNode clientInfo() {
        return JsonRpc.MAPPER.createObjectNode().put("name", http.options().clientName())
                .put("version", http.options().clientVersion());
    }

    /**
     * Negotiates the protocol again (after a server's upgrade); the legacy transport cannot speak
     * 2026-07-28, so by default this fails.
     */
    protected Uni<McpSession> renegotiate() {
        return Uni.createFrom().failure(new McpException(Kind.UNSUPPORTED_PROTOCOL,
                "MCP server now speaks only " + MODERN_VERSION + ", which needs the streamable-http transport"));
    }

    /** Passes a server notification on ({@code notifications/tools/list_changed} among them). */
    protected void notified(JsonNode notification) {
        try {
            notifications.accept(notification);
        } catch (RuntimeException e) {
            // A listener's bug must not break the stream that carries our answers.
        }
    }

    /** What we answer to server-initiated requests: pong to ping, "method not found" to the rest. */
    protected static ObjectNode answerTo(JsonNode serverRequest) {
        if ("ping".equals(serverRequest.path("method").asText())) {
            return JsonRpc.result(serverRequest.get("id"), JsonRpc.MAPPER.createObjectNode());
        }
        return JsonRpc.error(serverRequest.get("id"), -32601, "Method not supported by this client");
    }

    static McpException httpError(int status, String method) {
        return httpError(status, method, null);
    }

    /**
     * An HTTP error status as a failure; {@code error} is the JSON-RPC error object the body
     * carried (2026-07-28 servers answer bad requests with 400 and one), or null.
     */
    static McpException httpError(int status, String method, JsonNode error) {
        String hint = switch (status) {
            case 401, 403 -> " (check the integration's credential)";
            case 404 -> " (check the endpoint URL)";
            case 301, 302, 303, 307, 308 -> " (redirects are not followed; use the final URL as the endpoint)";
            default -> status >= 500 ? " (the MCP server failed)" : "";
        };
        return new McpException(Kind.HTTP_STATUS, "MCP server answered HTTP " + status + " to " + method
                + (error == null ? "" : ": " + JsonRpc.describe(error)) + hint, status, null,
                error == null ? null : JsonRpc.codeOf(error), error == null ? null : error.get("data"));
    }

    /**
     * JSON-RPC error -32022 (2026-07-28: unsupported protocol version) whose {@code data.supported}
     * lists 2026-07-28, or that gives no list.
     */
    static boolean unsupportedButModernOffered(Throwable failure) {
        if (!(failure instanceof McpException e) || e.rpcCode() == null || e.rpcCode() != UNSUPPORTED_VERSION) {
            return false;
        }
        if (e.rpcData() == null || !e.rpcData().path("supported").isArray()) {
            return true; // it did not say which it supports: asking server/discover once costs one request
        }
        for (JsonNode version : e.rpcData().path("supported")) {
            if (MODERN_VERSION.equals(version.asText())) {
                return true;
            }
        }
        return false;
    }
}
