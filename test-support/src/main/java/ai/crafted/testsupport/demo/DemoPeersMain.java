package ai.crafted.testsupport.demo;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevLoginProvider;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.OAuthMcpServer;

/**
 * {@code DemoPeersMain <model-port|0> <graph-port|0> <login-port|0> <oauth-mcp-port|0>}: the local stack's stand-ins
 * for external services, in one JVM. The demo model (only when no real provider is configured)
 * answers {@code /v1/chat/completions} and {@code /v1/models}; the fake WhatsApp Graph API records
 * sends and lists them at {@code GET /sent}; the dev login provider signs the web UI in; the
 * OAuth-protected demo MCP server (with its own authorization server and consent page) lets an
 * admin try an OAuth credential. Port 0 leaves a peer out.
 */
public final class DemoPeersMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoPeersMain() {
    }

    public static void main(String[] args) throws Exception {
        int modelPort = Integer.parseInt(args[0]);
        int graphPort = Integer.parseInt(args[1]);
        int loginPort = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int oauthMcpPort = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Vertx vertx = Vertx.vertx();
        if (oauthMcpPort > 0) {
            OAuthMcpServer oauth = OAuthMcpServer.start(vertx, oauthMcpPort);
            oauth.askForConsent();
            System.out.println("OAuth-protected demo MCP server on " + oauth.endpoint() + " (authorization server " + oauth.issuer() + ")");
        }
        if (loginPort > 0) {
            DevLoginProvider login = DevLoginProvider.start(vertx, loginPort);
            System.out.println("dev login provider (OIDC) on " + login.issuer());
        }
        if (modelPort > 0) {
            vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                if (request.path().endsWith("/models")) {
                    ObjectNode list = JSON.createObjectNode().put("object", "list");
                    list.putArray("data").addObject().put("id", DemoModel.MODEL_ID).put("object", "model").put("owned_by", "demo");
                    request.response().putHeader("Content-Type", "application/json").end(list.toString());
                    return;
                }
                try {
                    JsonNode asked = JSON.readTree(body.getBytes());
                    ObjectNode answer = DemoModel.answer(asked);
                    if (asked.path("stream").asBoolean(false)) {
                        DemoStream.send(vertx, request.response(), answer, asked.path("stream_options").path("include_usage").asBoolean(false));
                        return;
                    }
                    request.response().putHeader("Content-Type", "application/json").end(answer.toString());
                } catch (Exception e) {
                    request.response().setStatusCode(400).end("{\"error\":{\"message\":\"demo model: bad request\"}}");
                }
            })).listen(modelPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.out.println("demo model on http://127.0.0.1:" + modelPort + "/v1 (deterministic, not a real LLM)");
        }
        if (graphPort > 0) {
            FakeGraphApi graph = FakeGraphApi.start(vertx, graphPort, sent -> {
                ArrayNode list = JSON.createArrayNode();
                sent.forEach(s -> list.addObject().put("path", s.path()).put("to", s.to()).put("text", s.text()));
                return list.toString();
            });
            System.out.println("fake WhatsApp Graph API on " + graph.baseUrl() + " (sent messages at GET /sent)");
        }
    }
}
