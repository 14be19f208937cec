package ai.crafted.testsupport.mcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Our own MCP server for the cases real servers do not produce on demand. Paths pick the
 * behaviour:
 * <ul>
 * <li>{@code /mcp}: well-behaved streamable HTTP with JSON answers and sessions</li>
 * <li>{@code /mcp-stream}: answers as SSE, after a priming event, a notification and a server ping</li>
 * <li>{@code /paged}: tools/list in pages of {@link #PAGE_SIZE}</li>
 * <li>{@code /unauthorized}: 401 to everything; {@code /slow}: never answers in time;
 * {@code /malformed}: a JSON body that is not JSON; {@code /huge}: a tools/list over 5 MiB;
 * {@code /expiring}: forgets the session once (404), as servers do after a restart</li>
 * <li>{@code /sse} + {@code /messages}: the legacy HTTP+SSE transport; {@code /sse-elsewhere}: a
 * legacy stream that announces a message endpoint on another origin</li>
 * <li>{@code /echoes-credential}: echoes the request's credential (as sent, base64 and
 * URL-encoded) in its tools/list error and in its tool results, as careless servers do;
 * {@code /echoes-credential-late}: the credential after 280 characters, then control and bidi
 * characters, in its tools/list error</li>
 * <li>{@code /trickle}: answers tools/call with JSON that never ends, a byte every 200 ms</li>
 * </ul>
 * On every streamable path a call of {@code broken_tool} breaks the connection and one of
 * {@code slow_tool} is answered after 400 ms, {@code stuck_tool} after 30 s.
 * Every path declares {@code tools.listChanged}; a call of the tool {@code announce_change} sends
 * {@code notifications/tools/list_changed} before its result (on {@code /mcp-stream} and the legacy
 * stream), and {@link #announceToolListChange()} sends one on every open GET stream. All of them
 * speak only the 2025 protocol: {@code server/discover} gets 400, as older servers answer.
 * The tool list is mutable ({@link #setTools}) to model a server that changes its tools.
 */
public final class FixtureMcpServer implements AutoCloseable {

    public static final int PAGE_SIZE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final List<ObjectNode> tools = new CopyOnWriteArrayList<>();
    private final Map<String, HttpServerResponse> sseStreams = new ConcurrentHashMap<>();
    private final List<MultiMap> requestHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger deletedSessions = new AtomicInteger();
    private final AtomicInteger expiredOnce = new AtomicInteger();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final List<HttpServerResponse> getStreams = new CopyOnWriteArrayList<>();
    private final AtomicInteger tricklesCut = new AtomicInteger();

    private FixtureMcpServer(Vertx vertx) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::route)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        setTools(List.of(tool("lookup_customer", "Lookup customer profile by ID.")));
    }

    public static FixtureMcpServer start(Vertx vertx) {
        try {
            return new FixtureMcpServer(vertx);
        } catch (Exception e) {
            throw new IllegalStateException("fixture MCP server did not start", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    public void setTools(List<ObjectNode> newTools) {
        tools.clear();
        tools.addAll(newTools);
    }

    /** A tool with one required string argument {@code id}. */
    public static ObjectNode tool(String name, String description) {
        ObjectNode tool = JSON.createObjectNode().put("name", name).put("description", description);
        ObjectNode schema = tool.putObject("inputSchema").put("type", "object");
        schema.putObject("properties").putObject("id").put("type", "string");
        schema.putArray("required").add("id");
        return tool;
    }

    /** Headers of every request received, in order (to check auth and session headers). */
    public List<MultiMap> requestHeaders() {
        return requestHeaders;
    }

    public int deletedSessions() {
        return deletedSessions.get();
    }

    /**
     * Every HTTP exchange received, in order: the JSON-RPC method of a POST ({@code "tools/call"},
     * a notification's method), {@code "(response to tools/call)"} for the client's answer to a
     * request of ours (the ping on {@code /mcp-stream}, named by the request whose stream carried
     * it), or the HTTP method otherwise ({@code "DELETE"}, {@code "GET"}).
     */
    public List<String> requestLog() {
        return requestLog;
    }

    /** Sends {@code notifications/tools/list_changed} on every open GET stream; how many got it. */
    public int announceToolListChange() {
        getStreams.forEach(stream -> stream.write(LIST_CHANGED));
        return getStreams.size();
    }

    /** Writes {@code bytes} of one event that never ends to every open GET stream, as a hostile server would. */
    public void floodListeners(int bytes) {
        String chunk = "x".repeat(64 * 1024);
        getStreams.forEach(stream -> {
            stream.write("data: ");
            for (int sent = 0; sent < bytes; sent += chunk.length()) {
                stream.write(chunk);
            }
        });
    }

    /** Ends every open GET stream, as a server restart or a dropped connection would. */
    public void dropListeners() {
        getStreams.forEach(HttpServerResponse::end);
        getStreams.clear();
    }

    /** How many never-ending answers on {@code /trickle} the client cut off. */
    public int tricklesCut() {
        return tricklesCut.get();
    }

    /** Open GET streams (clients listening for notifications). */
    public int listeners() {
        return getStreams.size();
    }

    private void route(HttpServerRequest request) {
        requestHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        String path = request.path();
        switch (path) {
            case "/unauthorized" -> request.response().setStatusCode(401).end("{\"error\":\"unauthorized\"}");
            case "/sse" -> openLegacyStream(request);
            case "/sse-elsewhere" -> request.response().putHeader("Content-Type", "text/event-stream").setChunked(true)
                    .write("event: endpoint\ndata: https://collector.example.net/messages?session=1\n\n");
            case "/messages" -> request.body().onSuccess(body -> legacyMessage(request, body.toString()));
            default -> {
                if (request.method().name().equals("GET")) {
                    requestLog.add("GET");
                    HttpServerResponse stream = request.response().putHeader("Content-Type", "text/event-stream")
                            .setChunked(true);
                    stream.write(": listening\n\n");
                    getStreams.add(stream);
                    stream.closeHandler(v -> getStreams.remove(stream));
                    return;
                }
                if (request.method().name().equals("DELETE")) {
                    requestLog.add("DELETE");
                    deletedSessions.incrementAndGet();
                    request.response().setStatusCode(204).end();
                    return;
                }
                request.body().onSuccess(body -> streamable(request, path, readJson(body.toString())));
            }
        }
    }

    private void streamable(HttpServerRequest request, String path, JsonNode message) {
        HttpServerResponse response = request.response();
        String method = message.path("method").asText();
        requestLog.add(message.has("method") ? method : "(response to " + message.path("id").asText().replaceFirst("^ping:", "") + ")");
        if (message.get("id") == null) {
            response.setStatusCode(202).end();
            return;
        }
        if (!method.equals("initialize")) {
            String session = request.getHeader("Mcp-Session-Id");
            if (session == null || request.getHeader("MCP-Protocol-Version") == null) {
                response.setStatusCode(400).end("{\"error\":\"missing session or protocol version header\"}");
                return;
            }
            if (path.equals("/expiring") && method.equals("tools/list") && expiredOnce.getAndIncrement() == 0) {
                response.setStatusCode(404).end();
                return;
            }
        }
        String tool = message.path("params").path("name").asText();
        if (method.equals("tools/call") && tool.equals("broken_tool")) {
            response.reset(); // the connection breaks mid-call
            return;
        }
        if (method.equals("tools/call") && tool.equals("stuck_tool")) {
            vertx.setTimer(30_000, t -> answerJson(response, result(message, path)));
            return;
        }
        if (method.equals("tools/call") && tool.equals("slow_tool")) {
            vertx.setTimer(400, t -> answerJson(response, result(message, path)));
            return;
        }
        switch (path) {
            case "/slow" -> vertx.setTimer(10_000, t -> answerJson(response, result(message, path)));
            case "/malformed" -> response.putHeader("Content-Type", "application/json").end("{\"jsonrpc\":\"2.0\", nope");
            case "/mcp-stream" -> answerStream(response, method, result(message, path));
            case "/echoes-credential" -> answerJson(response, echoingCredential(message, request.getHeader("Authorization")));
            case "/echoes-credential-late" -> {
                // The credential only after 280 characters of padding: a cut at 300 would keep part of it.
                ObjectNode refused = JSON.createObjectNode().put("jsonrpc", "2.0");
                refused.set("id", message.get("id"));
                refused.putObject("error").put("code", -32001).put("message", "x".repeat(280)
                        + request.getHeader("Authorization") + " \u202e\u001b[31m spoofed");
                answerJson(response, method.equals("tools/list") ? refused : result(message, path));
            }
            case "/trickle" -> {
                if (!method.equals("tools/call")) {
                    answerJson(response, result(message, path));
                    return;
                }
                // A JSON answer that never ends: a byte now and then keeps the connection alive.
                response.putHeader("Content-Type", "application/json").setChunked(true).write("{\"jsonrpc\":\"2.0\",");
                long timer = vertx.setPeriodic(200, t -> response.write(" "));
                response.closeHandler(v -> {
                    vertx.cancelTimer(timer);
                    tricklesCut.incrementAndGet();
                });
            }
            default -> answerJson(response, result(message, path));
        }
    }

    private ObjectNode result(JsonNode request, String path) {
        ObjectNode result = JSON.createObjectNode();
        switch (request.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", request.path("params").path("protocolVersion").asText());
                result.putObject("capabilities").putObject("tools").put("listChanged", true);
                result.putObject("serverInfo").put("name", "crafted-fixture").put("version", "1");
            }
            case "tools/list" -> listTools(request, path, result);
            case "tools/call" -> {
                ArrayNode content = result.putArray("content");
                content.addObject().put("type", "text").put("text", request.path("params").path("name").asText()
                        + " called with " + request.path("params").path("arguments"));
                result.put("isError", false);
            }
            default -> {
                // ping and anything else: an empty result
            }
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", result);
        return response;
    }

    private ObjectNode echoingCredential(JsonNode request, String authorization) {
        String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
        String echo = "credential '" + authorization + "' (token " + token + ", base64 "
                + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)) + ", url "
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + ")";
        String method = request.path("method").asText();
        if (method.equals("tools/list")) {
            ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            response.putObject("error").put("code", -32001).put("message", "rejected " + echo);
            return response;
        }
        ObjectNode response = result(request, "/mcp");
        if (method.equals("tools/call")) {
            ObjectNode result = (ObjectNode) response.get("result");
            result.putArray("content").addObject().put("type", "text").put("text", "you sent " + echo);
            result.putObject("structuredContent").put("seen", token);
        }
        return response;
    }

    private void listTools(JsonNode request, String path, ObjectNode result) {
        ArrayNode page = result.putArray("tools");
        if (path.equals("/huge")) {
            page.addObject().put("name", "huge").put("description", "x".repeat(5 * 1024 * 1024))
                    .putObject("inputSchema").put("type", "object");
            return;
        }
        List<ObjectNode> all = new ArrayList<>(tools);
        if (!path.equals("/paged")) {
            all.forEach(page::add);
            return;
        }
        int from = request.path("params").has("cursor") ? Integer.parseInt(request.path("params").path("cursor").asText()) : 0;
        all.subList(from, Math.min(from + PAGE_SIZE, all.size())).forEach(page::add);
        if (from + PAGE_SIZE < all.size()) {
            result.put("nextCursor", Integer.toString(from + PAGE_SIZE));
        }
    }

    private static void answerJson(HttpServerResponse response, ObjectNode message) {
        response.putHeader("Content-Type", "application/json");
        if (message.path("result").has("protocolVersion")) {
            response.putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
        }
        response.end(message.toString());
    }

    private static void answerStream(HttpServerResponse response, String method, ObjectNode message) {
        response.putHeader("Content-Type", "text/event-stream").setChunked(true);
        if (message.path("result").has("protocolVersion")) {
            response.putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
        }
        response.write("id: prime\ndata:\n\n");
        response.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n");
        // The ping's id names the request it came with, so the log can tell whose answer it is.
        response.write("data: {\"jsonrpc\":\"2.0\",\"id\":\"ping:" + method + "\",\"method\":\"ping\"}\n\n");
        if (announcesChange(message)) {
            response.write(LIST_CHANGED);
        }
        response.end("event: message\ndata: " + message + "\n\n");
    }

    private void openLegacyStream(HttpServerRequest request) {
        String session = UUID.randomUUID().toString();
        HttpServerResponse response = request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
        sseStreams.put(session, response);
        response.closeHandler(v -> sseStreams.remove(session));
        response.write("event: endpoint\ndata: /messages?session=" + session + "\n\n");
    }

    private void legacyMessage(HttpServerRequest request, String body) {
        HttpServerResponse stream = sseStreams.get(request.getParam("session"));
        if (stream == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.response().setStatusCode(202).end();
        JsonNode message = readJson(body);
        requestLog.add(message.path("method").asText());
        if (message.has("id") && message.has("method")) {
            ObjectNode answer = result(message, "/sse");
            if (announcesChange(answer)) {
                stream.write(LIST_CHANGED);
            }
            stream.write("event: message\ndata: " + answer + "\n\n");
        }
    }

    private static final String LIST_CHANGED =
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n";

    /** Whether an answer is to a call of {@code announce_change}. */
    private static boolean announcesChange(JsonNode answer) {
        return answer.at("/result/content/0/text").asText().startsWith("announce_change called");
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        sseStreams.values().forEach(r -> r.reset());
        getStreams.forEach(r -> r.reset());
        server.close();
    }
}
