package ai.crafted.mcp.oauth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpSession;

/**
 * The client command the MCP conformance suite's {@code auth/*} scenarios run ({@code <command>
 * <server-url>}): connect with our MCP client; on 401, discover and authorize with
 * {@link McpAuthorizationDiscovery} and {@link McpAuthorization} (the suite's authorization
 * server answers the authorization request at once with a redirect, so a GET that does not
 * follow it stands in for the browser), then list and call the tools with the token, stepping up
 * the scope once per 403 {@code insufficient_scope} (at most {@value #MAX_STEP_UPS} times).
 * Pre-registered credentials come from {@code MCP_CONFORMANCE_CONTEXT}
 * ({@code {"client_id","client_secret"}}).
 */
public final class AuthConformanceClientMain {

    static final int MAX_STEP_UPS = 2;
    private static final URI REDIRECT = URI.create("http://127.0.0.1:1/callback");
    /** The Client ID Metadata Document URL the suite's auth/basic-cimd expects (used where the server supports CIMD). */
    private static final URI CLIENT_METADATA = URI.create("https://conformance-test.local/client-metadata.json");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final OAuthHttp HTTP = OAuthHttp.jdk(Duration.ofSeconds(10));

    private AuthConformanceClientMain() {
    }

    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        Vertx vertx = Vertx.vertx();
        McpClient client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("localhost", "127.0.0.1")));
        int status = 0;
        try {
            run(client, endpoint);
        } catch (RuntimeException e) {
            System.err.println("auth conformance client failed: " + e.getMessage());
            status = 1;
        } finally {
            client.close();
            vertx.close();
        }
        System.exit(status);
    }

    private static void run(McpClient client, URI endpoint) {
        McpAuthorizationDiscovery discovery = new McpAuthorizationDiscovery(HTTP, uri -> {
        });
        String token = null;
        AuthorizationTarget target = null;
        McpAuthorization.ClientIdentity identity = null;
        String identityIssuer = null;
        for (int attempt = 0; attempt <= MAX_STEP_UPS + 1; attempt++) {
            Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
            try {
                useTools(client, new McpEndpoint(endpoint, McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(10), headers));
                return;
            } catch (McpException e) {
                Optional<BearerChallenge> challenge = BearerChallenge.parse(e.authenticateChallenges());
                boolean unauthorized = e.httpStatus() == 401;
                boolean stepUp = e.httpStatus() == 403 && challenge.flatMap(BearerChallenge::error).filter("insufficient_scope"::equals).isPresent();
                if (!(unauthorized || stepUp) || attempt > MAX_STEP_UPS) {
                    throw e;
                }
                if (target == null || unauthorized) {
                    target = discovery.discover(endpoint, challenge);
                } else {
                    target = target.withScope(challenge.flatMap(BearerChallenge::scope).orElse(""));
                }
                // A client belongs to the authorization server it was registered with (SEP-2352): another
                // server gets a client of its own, as OAuthConnections does for credentials.
                String issuer = target.server().getIssuer().getValue();
                if (identity == null || !issuer.equals(identityIssuer)) {
                    identity = McpAuthorization.identity(HTTP, target, identityIssuer == null ? preRegistered() : Optional.empty(),
                            Optional.of(CLIENT_METADATA), REDIRECT, "crafted conformance client");
                    identityIssuer = issuer;
                }
                token = authorize(target, identity).accessToken();
            }
        }
    }

    private static void useTools(McpClient client, McpEndpoint endpoint) {
        McpSession session = client.open(endpoint).await().atMost(WAIT);
        try {
            List<ToolDescriptor> tools = session.listTools().await().atMost(WAIT);
            for (ToolDescriptor tool : tools) {
                JsonNode result = session.callTool(tool.name(), new ObjectMapper().createObjectNode(), tool.inputSchema())
                        .await().atMost(WAIT);
                System.out.println(tool.name() + " -> " + result);
            }
        } finally {
            session.close().await().atMost(WAIT);
        }
    }

    /** The browser's part: the authorization server redirects at once; its Location is the callback. */
    private static McpAuthorization.Grant authorize(AuthorizationTarget target, McpAuthorization.ClientIdentity identity) {
        McpAuthorization.Pending pending = McpAuthorization.start(target, identity, REDIRECT);
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(pending.authorizationUri()).GET().build(), HttpResponse.BodyHandlers.discarding());
            String location = answer.headers().firstValue("Location")
                    .orElseThrow(() -> new McpAuthorizationException("the authorization endpoint answered " + answer.statusCode()
                            + " without a redirect"));
            return McpAuthorization.finish(HTTP, pending, pending.authorizationUri().resolve(location));
        } catch (java.io.IOException e) {
            throw new McpAuthorizationException("the authorization endpoint could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpAuthorizationException("interrupted", e);
        }
    }

    private static Optional<McpAuthorization.ClientIdentity> preRegistered() {
        String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
        if (context == null || context.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = new ObjectMapper().readTree(context);
            String id = json.path("client_id").asText(null);
            return id == null ? Optional.empty()
                    : Optional.of(new McpAuthorization.ClientIdentity(id, json.path("client_secret").asText(null), null));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
