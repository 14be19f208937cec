package ai.crafted.mcp.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpSession;
import ai.crafted.mcp.ToolCatalog;

/** The MCP operations, on top of a transport that can exchange one JSON-RPC request for its response. */
public abstract class AbstractSession implements McpSession {

    /** Newest first: we offer the first and accept any of them back. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    protected final HttpCaller http;
    protected final McpEndpoint endpoint;
    private final AtomicLong ids = new AtomicLong();
    private volatile String protocolVersion;

    protected AbstractSession(HttpCaller http, McpEndpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    /** Sends one request and returns the matching response message (result or error). */
    protected abstract Uni<JsonNode> exchange(ObjectNode request, long id);

    /** Sends a notification (no answer expected). */
    protected abstract Uni<Void> notify(ObjectNode notification);

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    protected String negotiatedVersion() {
        return protocolVersion;
    }

    public Uni<McpSession> initialize() {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("protocolVersion", SUPPORTED_VERSIONS.get(0));
        // No roots, sampling or elicitation: declaring them would invite server requests we do not serve.
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", http.options().clientName()).put("version", http.options().clientVersion());
        return request("initialize", params).chain(result -> {
            String version = result.path("protocolVersion").asText("");
            if (!SUPPORTED_VERSIONS.contains(version)) {
                return Uni.createFrom().failure(new McpException(Kind.UNSUPPORTED_PROTOCOL,
                        "MCP server speaks protocol version '" + version + "'; supported: " + SUPPORTED_VERSIONS));
            }
            protocolVersion = version;
            return notify(JsonRpc.notification("notifications/initialized", null)).replaceWith(this);
        });
    }

    @Override
    public Uni<ToolCatalog> listCatalog() {
        return listFrom(null, new ArrayList<>(), new ArrayList<>(), new HashSet<>());
    }

    private Uni<ToolCatalog> listFrom(String cursor, List<JsonNode> raw, List<ToolDescriptor> tools,
            Set<String> seenCursors) {
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
                tools.add(ToolDescriptors.from(tool));
                raw.add(tool);
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return Uni.createFrom().item(ToolCatalog.of(raw, tools));
            }
            if (!seenCursors.add(next.asText()) || seenCursors.size() >= http.options().maxPages()) {
                return Uni.createFrom().failure(new McpException(Kind.MALFORMED_RESPONSE,
                        "MCP server kept paginating tools/list (repeated cursor or more than "
                                + http.options().maxPages() + " pages)"));
            }
            return listFrom(next.asText(), raw, tools, seenCursors);
        });
    }

    @Override
    public Uni<JsonNode> callTool(String name, JsonNode arguments) {
        ObjectNode params = JsonRpc.MAPPER.createObjectNode().put("name", name);
        params.set("arguments", arguments == null ? JsonRpc.MAPPER.createObjectNode() : arguments);
        return request("tools/call", params);
    }

    @Override
    public Uni<Void> ping() {
        return request("ping", null).replaceWithVoid();
    }

    /** One JSON-RPC call with the endpoint's timeout; the result object or a typed failure. */
    protected Uni<JsonNode> request(String method, JsonNode params) {
        Duration timeout = endpoint.timeout();
        Uni<JsonNode> call = Uni.createFrom().deferred(() -> {
            long id = ids.incrementAndGet();
            return exchange(JsonRpc.request(id, method, params), id);
        });
        if (SAFE_TO_REPEAT.contains(method)) {
            // A kept-alive connection can be closed by the server just as we reuse it; requests
            // without side effects are simply sent again once.
            call = call.onFailure(AbstractSession::closedConnection).retry().atMost(1);
        }
        return call
                .ifNoItem().after(timeout).failWith(() -> new McpException(Kind.TIMEOUT,
                        "timed out after " + timeout.toMillis() + " ms waiting for " + method))
                .map(response -> JsonRpc.resultOf(response, method));
    }

    private static final java.util.Set<String> SAFE_TO_REPEAT = java.util.Set.of("initialize", "tools/list", "ping");

    private static boolean closedConnection(Throwable failure) {
        return failure instanceof McpException e && e.kind() == Kind.CONNECTION
                && String.valueOf(e.getMessage()).contains("Connection was closed");
    }

    /** What we answer to server-initiated requests: pong to ping, "method not found" to the rest. */
    protected static ObjectNode answerTo(JsonNode serverRequest) {
        if ("ping".equals(serverRequest.path("method").asText())) {
            return JsonRpc.result(serverRequest.get("id"), JsonRpc.MAPPER.createObjectNode());
        }
        return JsonRpc.error(serverRequest.get("id"), -32601, "Method not supported by this client");
    }

    static McpException httpError(int status, String method) {
        String hint = switch (status) {
            case 401, 403 -> " (check the integration's credential)";
            case 404 -> " (check the endpoint URL)";
            case 301, 302, 303, 307, 308 -> " (redirects are not followed; use the final URL as the endpoint)";
            default -> status >= 500 ? " (the MCP server failed)" : "";
        };
        return new McpException(Kind.HTTP_STATUS, "MCP server answered HTTP " + status + " to " + method + hint,
                status, null);
    }
}
