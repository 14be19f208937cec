package ai.crafted.testsupport.mcp;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.testsupport.auth.OAuthValues;

/**
 * An OAuth-protected MCP server and its authorization server in one process, as the MCP
 * authorization specification (2025-11-25) describes them: {@code /mcp} answers 401 with a Bearer
 * challenge naming its protected resource metadata (RFC 9728) until it gets a live access token;
 * the authorization server publishes RFC 8414 metadata, registers clients (RFC 7591), approves
 * every authorization at once (tests drive the redirect) or, with {@link #askForConsent()}, after a
 * person presses "Allow" on its consent page (browser tests), requires PKCE S256 and the
 * {@code resource} parameter, sends {@code iss} back (RFC 9207), and rotates refresh tokens. Tests
 * control token lifetimes and can revoke every refresh token. Tokens are random and counted, so a
 * test can tell which generation a call used. Never deploy it.
 */
public final class OAuthMcpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request to the authorization server's endpoints, for assertions: path and parameters. */
    public record Seen(String path, Map<String, String> parameters) {
    }

    private record Code(String clientId, String redirectUri, String challenge, String resource, String scope, Instant expiresAt) {
    }

    private record Access(int generation, Instant expiresAt, String scope) {
    }

    /** The scope the {@value #ADMIN_TOOL} tool needs beyond what the resource metadata lists. */
    public static final String ADMIN_SCOPE = "tools:admin";
    /** A tool answering 403 {@code insufficient_scope} unless the token carries {@link #ADMIN_SCOPE} (step-up). */
    public static final String ADMIN_TOOL = "close_all_issues";

    private final HttpServer server;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger generations = new AtomicInteger();
    private final AtomicInteger toolCalls = new AtomicInteger();
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofHours(1));
    private final AtomicReference<Duration> refreshLifetime = new AtomicReference<>();
    private final AtomicReference<String> authorizationServerOverride = new AtomicReference<>();
    private final List<String> allRefreshTokens = new CopyOnWriteArrayList<>();
    private final Map<Integer, Instant> issuedAt = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> firstUsedAt = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile boolean consent;
    private volatile boolean tokenEndpointDown;
    private volatile boolean tokenEndpointTrickles;
    private volatile boolean oversizedMetadata;
    private final Vertx vertx;

    private OAuthMcpServer(Vertx vertx, int port) throws Exception {
        this.vertx = vertx;
        server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** On a free port. */
    public static OAuthMcpServer start(Vertx vertx) {
        return start(vertx, 0);
    }

    /** On this port of 127.0.0.1 (0: a free one). */
    public static OAuthMcpServer start(Vertx vertx, int port) {
        try {
            return new OAuthMcpServer(vertx, port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the OAuth MCP fixture", e);
        }
    }

    /** The authorization server's issuer (and the server's origin). */
    public String issuer() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The protected MCP endpoint. */
    public String endpoint() {
        return issuer() + "/mcp";
    }

    /** The lifetime of access tokens issued from now on. */
    public void accessTokenLifetime(Duration value) {
        lifetime.set(value);
    }

    /**
     * From now on token responses say when the refresh token expires ({@code refresh_token_expires_in},
     * as GitHub's and Microsoft's servers do); null stops saying it. The fixture does not enforce it.
     */
    public void refreshTokenLifetime(Duration value) {
        refreshLifetime.set(value);
    }

    /** While true the token endpoint answers 503 with an HTML page, as a server behind a failing proxy does. */
    public void tokenEndpointDown(boolean down) {
        tokenEndpointDown = down;
    }

    /**
     * While true the token endpoint sends its answer's head at once and then one byte a second of
     * a 100,000-byte body, as a hostile server would to hold its caller.
     */
    public void tokenEndpointTrickles(boolean trickles) {
        tokenEndpointTrickles = trickles;
    }

    /** While true the protected resource metadata document is 1 MB of valid JSON. */
    public void oversizedMetadata(boolean oversized) {
        oversizedMetadata = oversized;
    }

    /** Every refresh token stops working: the next refresh answers {@code invalid_grant}. */
    public void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** From now on {@code /authorize} shows a consent page with an "Allow" button instead of redirecting at once. */
    public void askForConsent() {
        consent = true;
    }

    /** When the access token of that generation (1 is the first issued) was issued, or null. */
    public Instant issuedAt(int generation) {
        return issuedAt.get(generation);
    }

    /** When an MCP request first carried the access token of that generation, or null. */
    public Instant firstUsedAt(int generation) {
        return firstUsedAt.get(generation);
    }

    /** The generation of the access token issued last (0 before the first). */
    public int generation() {
        return generations.get();
    }

    /** MCP requests refused: 401 (no token, an unknown or an expired one) or 403 (insufficient scope), as "method: reason". */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Makes the resource metadata name another authorization server (an address a client must refuse, say). */
    public void authorizationServerOverride(String issuer) {
        authorizationServerOverride.set(issuer);
    }

    /** Requests the authorization server saw, oldest first. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Every access token issued, oldest first: a test greps logs and records for them. */
    public List<String> issuedAccessTokens() {
        return accessTokens.entrySet().stream().sorted(java.util.Comparator.comparingInt(e -> e.getValue().generation()))
                .map(Map.Entry::getKey).toList();
    }

    /** Every refresh token issued, spent or not: a test greps logs and records for them too. */
    public List<String> issuedRefreshTokens() {
        return List.copyOf(allRefreshTokens);
    }

    /** An access token with this scope, as if a grant had been made (for tests that start past the connect). */
    public String mintAccessToken(String scope) {
        String access = "at-" + OAuthValues.random();
        int generation = generations.incrementAndGet();
        issuedAt.put(generation, Instant.now());
        accessTokens.put(access, new Access(generation, Instant.now().plus(lifetime.get()), scope));
        return access;
    }

    /** The access token issued last. */
    public String latestAccessToken() {
        List<String> issued = issuedAccessTokens();
        return issued.get(issued.size() - 1);
    }

    /** Tool calls the MCP endpoint answered. */
    public int toolCalls() {
        return toolCalls.get();
    }

    private void handle(HttpServerRequest request) {
        if ("POST".equals(request.method().name()) && String.valueOf(request.getHeader("Content-Type"))
                .startsWith("application/x-www-form-urlencoded")) {
            request.setExpectMultipart(true);
        }
        request.body().onComplete(body -> {
            try {
                switch (request.path()) {
                    case "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource" ->
                            json(request, 200, oversizedMetadata ? resourceMetadata().put("padding", "x".repeat(1_000_000))
                                    : resourceMetadata());
                    case "/.well-known/oauth-authorization-server" -> json(request, 200, serverMetadata());
                    case "/register" -> register(request, body.result().toString());
                    case "/authorize" -> authorize(request, request.params());
                    case "/authorize/allow" -> allow(request, request.formAttributes());
                    case "/token" -> token(request, request.formAttributes());
                    case "/mcp" -> mcp(request, body.result().toString());
                    default -> request.response().setStatusCode(404).end();
                }
            } catch (Exception e) {
                json(request, 400, JSON.createObjectNode().put("error", "invalid_request")
                        .put("error_description", String.valueOf(e.getMessage())));
            }
        });
    }

    private ObjectNode resourceMetadata() {
        ObjectNode doc = JSON.createObjectNode().put("resource", endpoint());
        String issuer = authorizationServerOverride.get();
        doc.putArray("authorization_servers").add(issuer != null ? issuer : issuer());
        doc.putArray("scopes_supported").add("tools:read").add("tools:call");
        return doc;
    }

    private ObjectNode serverMetadata() {
        ObjectNode doc = JSON.createObjectNode().put("issuer", issuer())
                .put("authorization_endpoint", issuer() + "/authorize").put("token_endpoint", issuer() + "/token")
                .put("registration_endpoint", issuer() + "/register")
                .put("authorization_response_iss_parameter_supported", true);
        doc.putArray("response_types_supported").add("code");
        doc.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        doc.putArray("code_challenge_methods_supported").add("S256");
        doc.putArray("token_endpoint_auth_methods_supported").add("none").add("client_secret_basic").add("client_secret_post");
        doc.putArray("scopes_supported").add("tools:read").add("tools:call").add(ADMIN_SCOPE).add("offline_access");
        return doc;
    }

    private void register(HttpServerRequest request, String body) throws Exception {
        JsonNode metadata = JSON.readTree(body);
        seen.add(new Seen("/register", Map.of("client_name", metadata.path("client_name").asText(),
                "application_type", metadata.path("application_type").asText(""))));
        ObjectNode client = ((ObjectNode) metadata.deepCopy()).put("client_id", "client-" + OAuthValues.random())
                .put("token_endpoint_auth_method", "none").put("client_id_issued_at", Instant.now().getEpochSecond());
        json(request, 201, client);
    }

    private void authorize(HttpServerRequest request, MultiMap params) {
        seen.add(new Seen("/authorize", flat(params)));
        if (!"code".equals(params.get("response_type")) || !"S256".equals(params.get("code_challenge_method"))
                || params.get("code_challenge") == null || !endpoint().equals(params.get("resource"))) {
            throw new IllegalArgumentException("needs response_type=code, PKCE S256 and resource=" + endpoint());
        }
        if (consent) {
            StringBuilder form = new StringBuilder("<!doctype html><title>Allow access?</title><h1>Allow access?</h1>"
                    + "<p>An application asks for access to the fixture MCP server.</p><form method=post action=/authorize/allow>");
            params.forEach(entry -> form.append("<input type=hidden name=\"").append(escape(entry.getKey())).append("\" value=\"")
                    .append(escape(entry.getValue())).append("\">"));
            request.response().setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(form.append("<button type=submit>Allow</button></form>").toString());
            return;
        }
        redirectWithCode(request, params);
    }

    /** The consent page's "Allow": the parameters of the authorization request come back as form fields. */
    private void allow(HttpServerRequest request, MultiMap params) {
        seen.add(new Seen("/authorize/allow", flat(params)));
        redirectWithCode(request, params);
    }

    private void redirectWithCode(HttpServerRequest request, MultiMap params) {
        String code = OAuthValues.random();
        codes.put(code, new Code(params.get("client_id"), params.get("redirect_uri"), params.get("code_challenge"),
                params.get("resource"), params.get("scope"), Instant.now().plusSeconds(120)));
        String redirect = params.get("redirect_uri") + (params.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + OAuthValues.encode(params.get("state")) + "&iss=" + OAuthValues.encode(issuer());
        request.response().setStatusCode(302).putHeader("Location", URI.create(redirect).toString()).end();
    }

    private void token(HttpServerRequest request, MultiMap form) {
        Map<String, String> parameters = flat(form);
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            parameters.put("Authorization", authorization);
        }
        seen.add(new Seen("/token", parameters));
        if (tokenEndpointTrickles) {
            var response = request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "100000");
            response.write("{");
            long timer = vertx.setPeriodic(1000, id -> {
                if (response.ended() || response.closed()) {
                    vertx.cancelTimer(id);
                } else {
                    response.write(" ");
                }
            });
            response.closeHandler(v -> vertx.cancelTimer(timer));
            return;
        }
        if (tokenEndpointDown) {
            request.response().setStatusCode(503).putHeader("Content-Type", "text/html").end("<html>Service Unavailable</html>");
            return;
        }
        if (!endpoint().equals(form.get("resource"))) {
            error(request, "invalid_target", "resource must be " + endpoint());
            return;
        }
        switch (String.valueOf(form.get("grant_type"))) {
            case "authorization_code" -> {
                Code code = codes.remove(String.valueOf(form.get("code")));
                if (code == null || code.expiresAt().isBefore(Instant.now()) || !code.redirectUri().equals(form.get("redirect_uri"))
                        || !code.challenge().equals(OAuthValues.s256(form.get("code_verifier")))) {
                    error(request, "invalid_grant", "unknown code, wrong redirect_uri or PKCE verifier");
                    return;
                }
                issue(request, code.scope());
            }
            case "refresh_token" -> {
                String scope = refreshTokens.remove(String.valueOf(form.get("refresh_token")));
                if (scope == null) {
                    error(request, "invalid_grant", "the refresh token is revoked or was already used");
                    return;
                }
                issue(request, scope);
            }
            default -> error(request, "unsupported_grant_type", "authorization_code or refresh_token");
        }
    }

    private void issue(HttpServerRequest request, String scope) {
        String access = "at-" + OAuthValues.random();
        String refresh = "rt-" + OAuthValues.random();
        Duration ttl = lifetime.get();
        int generation = generations.incrementAndGet();
        issuedAt.put(generation, Instant.now());
        accessTokens.put(access, new Access(generation, Instant.now().plus(ttl), scope));
        refreshTokens.put(refresh, scope == null ? "" : scope);
        allRefreshTokens.add(refresh);
        ObjectNode answer = JSON.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", ttl.toSeconds()).put("refresh_token", refresh);
        if (scope != null) {
            answer.put("scope", scope);
        }
        Duration refreshTtl = refreshLifetime.get();
        if (refreshTtl != null) {
            answer.put("refresh_token_expires_in", refreshTtl.toSeconds());
        }
        json(request, 200, answer);
    }

    private void mcp(HttpServerRequest request, String body) throws Exception {
        String authorization = request.getHeader("Authorization");
        Access access = authorization == null || !authorization.startsWith("Bearer ") ? null
                : accessTokens.get(authorization.substring(7));
        if (access == null || access.expiresAt().isBefore(Instant.now())) {
            refusals.add(JSON.readTree(body).path("method").asText() + ": "
                    + (access == null ? "no token or an unknown one" : "expired token of generation " + access.generation()));
            request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer resource_metadata=\""
                    + issuer() + "/.well-known/oauth-protected-resource/mcp\", scope=\"tools:read tools:call\"").end();
            return;
        }
        firstUsedAt.putIfAbsent(access.generation(), Instant.now());
        JsonNode message = JSON.readTree(body);
        if (!message.has("id")) {
            request.response().setStatusCode(202).end();
            return;
        }
        ObjectNode result = JSON.createObjectNode();
        switch (message.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", message.path("params").path("protocolVersion").asText("2025-11-25"));
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "oauth-fixture").put("version", "1");
            }
            case "tools/list" -> {
                var tools = result.putArray("tools");
                tools.addObject().put("name", "whoami").put("description", "Says which access token generation called it")
                        .putObject("inputSchema").put("type", "object");
                tools.addObject().put("name", ADMIN_TOOL).put("description", "Needs the " + ADMIN_SCOPE + " scope")
                        .putObject("inputSchema").put("type", "object");
            }
            case "tools/call" -> {
                if (ADMIN_TOOL.equals(message.path("params").path("name").asText())
                        && (access.scope() == null || !List.of(access.scope().split(" ")).contains(ADMIN_SCOPE))) {
                    refusals.add("tools/call " + ADMIN_TOOL + ": insufficient scope");
                    request.response().setStatusCode(403).putHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\","
                            + " scope=\"" + ADMIN_SCOPE + "\", resource_metadata=\"" + issuer()
                            + "/.well-known/oauth-protected-resource/mcp\"").end();
                    return;
                }
                toolCalls.incrementAndGet();
                String text = ADMIN_TOOL.equals(message.path("params").path("name").asText())
                        ? "closed all issues (token generation " + access.generation() + ", scope " + access.scope() + ")"
                        : "generation " + access.generation();
                result.putArray("content").addObject().put("type", "text").put("text", text);
            }
            default -> result.put("unsupported", true);
        }
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", message.get("id"));
        answer.set("result", result);
        json(request, 200, answer);
    }

    private static void error(HttpServerRequest request, String code, String description) {
        json(request, 400, JSON.createObjectNode().put("error", code).put("error_description", description));
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    private static Map<String, String> flat(MultiMap params) {
        Map<String, String> flat = new java.util.TreeMap<>();
        params.forEach(entry -> flat.put(entry.getKey(), entry.getValue()));
        return flat;
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toString());
    }
    @Override
    public void close() {
        server.close();
    }
}
