package ai.crafted.testsupport.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The local stack's "dev login": a minimal OpenID Connect provider (discovery, authorization-code
 * flow, JWKS, end-session) whose login page simply asks which organisation and role to sign in
 * as. The control-panel UI talks to it exactly as it talks to the production provider (Keycloak),
 * so the code flow the browser tests drive is the production one; only this page differs.
 * Tokens are signed with the committed development key. Never deploy it.
 */
public final class DevLoginProvider implements AutoCloseable {

    /** The organisation the login page suggests (the demo's); any organisation id can be typed. */
    public static final String DEMO_ORGANIZATION = "7d5c1f3e-0000-4000-8000-000000000001";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

    private record Grant(String clientId, String redirectUri, String subject, String organization, String role,
            String nonce, String codeChallenge, Instant expiresAt) {
    }

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    private DevLoginProvider(Vertx vertx, int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Starts on the given port (0: a free one). */
    public static DevLoginProvider start(Vertx vertx, int port) {
        try {
            return new DevLoginProvider(vertx, port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the dev login provider on port " + port, e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if ("POST".equals(request.method().name()) && request.getHeader("Content-Type") != null) {
            request.setExpectMultipart(true);
        }
        request.body().onComplete(ignored -> {
            try {
                switch (request.path()) {
                    case "/.well-known/openid-configuration" -> json(request, 200, discovery());
                    case "/jwks" -> json(request, 200, DevTokens.publicJwks());
                    case "/authorize" -> {
                        if ("POST".equals(request.method().name())) {
                            approve(request, request.formAttributes());
                        } else {
                            loginPage(request, request.params());
                        }
                    }
                    case "/token" -> token(request, request.formAttributes());
                    case "/logout" -> logout(request);
                    default -> request.response().setStatusCode(404).end();
                }
            } catch (Exception e) {
                json(request, 400, JSON.createObjectNode().put("error", "invalid_request")
                        .put("error_description", String.valueOf(e.getMessage())));
            }
        });
    }

    private ObjectNode discovery() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", issuer() + "/authorize");
        doc.put("token_endpoint", issuer() + "/token");
        doc.put("jwks_uri", issuer() + "/jwks");
        doc.put("end_session_endpoint", issuer() + "/logout");
        doc.putArray("response_types_supported").add("code");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
        doc.putArray("scopes_supported").add("openid").add("profile");
        return doc;
    }

    private void loginPage(HttpServerRequest request, MultiMap params) {
        String redirectUri = requireLoopback(params.get("redirect_uri"));
        if (!"code".equals(params.get("response_type"))) {
            throw new IllegalArgumentException("only response_type=code is supported");
        }
        if (params.get("code_challenge") != null && !"S256".equals(params.get("code_challenge_method"))) {
            throw new IllegalArgumentException("only the S256 PKCE method is supported");
        }
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Dev login · Crafted AI</title>
                <style>
                 body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
                 label{display:block;margin-top:1rem;font-weight:600} input[type=text]{width:100%%;padding:.5rem;font-size:1rem;box-sizing:border-box}
                 fieldset{margin-top:1rem;border:1px solid #cbd2d9;border-radius:.5rem} button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}
                 .warn{background:#fff3c4;border:1px solid #f0b429;padding:.75rem;border-radius:.5rem}
                </style></head>
                <body><main>
                <h1>Development login</h1>
                <p class="warn">Local stack only: this page stands in for your organisation's identity provider. It signs
                 tokens with the public development key, which production never trusts.</p>
                <form method="post" action="/authorize">
                 <input type="hidden" name="client_id" value="%s">
                 <input type="hidden" name="redirect_uri" value="%s">
                 <input type="hidden" name="state" value="%s">
                 <input type="hidden" name="nonce" value="%s">
                 <input type="hidden" name="code_challenge" value="%s">
                 <label for="subject">User</label>
                 <input type="text" id="subject" name="subject" value="dev@crafted.local" required>
                 <label for="organization">Organisation id</label>
                 <input type="text" id="organization" name="organization" value="%s" required
                  pattern="[0-9a-fA-F\\-]{36}" aria-describedby="org-hint">
                 <small id="org-hint">The demo organisation is suggested; paste any organisation id (e.g. the one deploy/local/demo.sh printed).</small>
                 <fieldset><legend>Role</legend>
                  <label><input type="radio" name="role" value="admin" checked> Admin: can install and change</label>
                  <label><input type="radio" name="role" value="viewer"> Viewer: can only look</label>
                 </fieldset>
                 <button type="submit">Sign in</button>
                </form></main></body></html>
                """.formatted(escape(params.get("client_id")), escape(redirectUri), escape(params.get("state")),
                escape(params.get("nonce")), escape(params.get("code_challenge")), DEMO_ORGANIZATION);
        request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(html);
    }

    private void approve(HttpServerRequest request, MultiMap form) {
        String redirectUri = requireLoopback(form.get("redirect_uri"));
        String organization = UUID.fromString(form.get("organization").trim()).toString();
        String role = "viewer".equals(form.get("role")) ? "viewer" : "admin";
        String subject = form.get("subject") == null || form.get("subject").isBlank() ? "dev@crafted.local"
                : form.get("subject").trim();
        String code = OAuthValues.random();
        codes.put(code, new Grant(form.get("client_id"), redirectUri, subject, organization, role,
                blankToNull(form.get("nonce")), blankToNull(form.get("code_challenge")), Instant.now().plus(CODE_LIFETIME)));
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + OAuthValues.encode(code)
                + (form.get("state") == null ? "" : "&state=" + OAuthValues.encode(form.get("state")));
        request.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private void token(HttpServerRequest request, MultiMap form) {
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (grant == null || grant.expiresAt().isBefore(Instant.now())
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || (grant.codeChallenge() != null && !grant.codeChallenge().equals(OAuthValues.s256(form.get("code_verifier"))))) {
            json(request, 400, JSON.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        Map<String, String> orgs = Map.of(grant.organization(), grant.role());
        String idToken = DevTokens.mintIdToken(issuer(), grant.clientId(), grant.subject(), orgs, grant.nonce(),
                TOKEN_LIFETIME);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token_type", "Bearer");
        answer.put("id_token", idToken);
        // The UI verifies the access token against this issuer too; the UI never forwards it to the API.
        answer.put("access_token", DevTokens.mintIdToken(issuer(), grant.clientId(), grant.subject(), orgs, null,
                TOKEN_LIFETIME));
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        json(request, 200, answer);
    }

    private void logout(HttpServerRequest request) {
        String back = request.getParam("post_logout_redirect_uri");
        if (back != null) {
            requireLoopback(back);
            request.response().setStatusCode(302).putHeader("Location", back).end();
        } else {
            request.response().putHeader("Content-Type", "text/plain").end("signed out");
        }
    }

    /** A development provider must not become an open redirector towards other hosts. */
    private static String requireLoopback(String uri) {
        URI parsed = URI.create(String.valueOf(uri));
        String host = parsed.getHost();
        if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost"))) {
            throw new IllegalArgumentException("redirect_uri must point at localhost");
        }
        return uri;
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toString());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.close();
    }
}
