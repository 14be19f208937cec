package ai.crafted.testsupport.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.testsupport.auth.DevTokens;

/**
 * The guided demo (deploy/local/demo.sh): walks the whole product against the running local
 * stack and prints each step. It uses only the public APIs, as a user would with curl.
 */
public final class DemoMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String CONTROL_PANEL = env("CONTROL_PANEL_URL", "http://127.0.0.1:8081");
    private static final String GATEWAY = env("GATEWAY_URL", "http://127.0.0.1:8080");
    private static final String WORKER = env("WHATSAPP_WORKER_URL", "http://127.0.0.1:8083");
    private static final String MCP_SERVER = env("DEMO_MCP_URL", "http://127.0.0.1:3001/mcp");
    private static final String GRAPH = env("DEMO_GRAPH_URL", "http://127.0.0.1:8091");
    private static final String MODEL = env("DEMO_MODEL", "demo-model");

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        String org = UUID.randomUUID().toString();
        String token = DevTokens.admin(org);
        step(1, "Minted a control-panel token (dev signing key) for organisation " + org + ", role admin");

        JsonNode credential = controlPanel("POST", "/organizations/" + org + "/credentials", token,
                "{\"name\":\"demo-token\",\"type\":\"bearer\",\"secret\":\"demo-secret-value\"}");
        step(2, "Stored a bearer credential: id " + credential.path("id").asText() + ", fingerprint "
                + credential.path("fingerprint").asText() + " (the secret itself is never shown again)");

        JsonNode integration = controlPanel("POST", "/organizations/" + org + "/integrations", token, """
                {"kind":"mcp","slug":"everything","displayName":"MCP reference server",
                 "config":{"endpoint":"%s","transport":"streamable-http","timeoutMs":10000},"credentialId":"%s"}"""
                .formatted(MCP_SERVER, credential.path("id").asText()));
        String integrationId = integration.path("id").asText();
        step(3, "Installed the MCP server at " + MCP_SERVER + " as plugin 'everything' (id " + integrationId + ")");

        JsonNode refreshed = controlPanel("POST", "/organizations/" + org + "/integrations/" + integrationId + "/refresh", token, "");
        List<String> names = new ArrayList<>();
        refreshed.path("toolCatalog").forEach(t -> names.add("everything__" + t.path("name").asText()));
        step(4, "Refreshed the catalog: " + names.size() + " tools, e.g. " + names.subList(0, Math.min(5, names.size()))
                + (refreshed.path("lastRefreshError").isNull() ? "" : " — error: " + refreshed.path("lastRefreshError").asText()));

        JsonNode apiKey = controlPanel("POST", "/organizations/" + org + "/api-keys", token, "{\"name\":\"demo\"}");
        String key = apiKey.path("key").asText();
        step(5, "Created a gateway API key " + apiKey.path("prefix").asText() + "… (shown once)");

        String prompt = "Please echo: hello from the demo";
        JsonNode completion = awaitChat(key, prompt);
        step(6, "POST " + GATEWAY + "/v1/chat/completions {model: " + MODEL + ", \"" + prompt + "\"}\n      → "
                + completion.at("/choices/0/message/content").asText() + "\n      (model rounds: "
                + completion.at("/gateway/rounds").asText("1") + ", the gateway called the MCP tool in between)");

        String phoneNumberId = Long.toString(100000000000L + (long) (Math.random() * 1e11));
        JsonNode app = controlPanel("POST", "/organizations/" + org + "/whatsapp-apps", token, """
                {"phoneNumberId":"%s","displayName":"Demo support line","accessToken":"demo-graph-token",
                 "appSecret":"demo-app-secret","verifyToken":"demo-verify-token","model":"%s",
                 "systemPrompt":"You are the demo shop's assistant.","mcpPluginIds":["%s"]}"""
                .formatted(phoneNumberId, MODEL, integrationId));
        String appId = app.path("id").asText();
        step(7, "Configured WhatsApp app " + appId + " with the one selected plugin " + app.at("/selectedPlugins/0/slug").asText()
                + "; webhook " + WORKER + app.path("webhookPath").asText());

        awaitHandshake(appId);
        String customer = "4915550" + (int) (Math.random() * 100000);
        String body = WebhookSignatures.textDelivery(phoneNumberId, customer, "wamid.demo-" + UUID.randomUUID(),
                "Please echo: where is my order?");
        HttpResponse<String> delivered = HTTP.send(HttpRequest.newBuilder(URI.create(WORKER + "/webhooks/whatsapp/" + appId))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookSignatures.sign(body, "demo-app-secret"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        step(8, "Posted a signed webhook from customer " + customer + " → HTTP " + delivered.statusCode());

        JsonNode reply = awaitReply(customer);
        step(9, "The fake WhatsApp Graph API received the reply to " + customer + ":\n      " + reply.path("text").asText());
        System.out.println("\nDone. Everything above went through the public APIs; see README.md for each call.");
    }

    private static JsonNode awaitChat(String key, String prompt) throws Exception {
        String request = JSON.createObjectNode().put("model", MODEL)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put("content", prompt)))
                .toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            // The key and the refreshed catalog reach the gateway over Kafka within seconds.
            if (response.statusCode() == 200 && json.at("/gateway/rounds").asInt(1) > 1 || System.nanoTime() > deadline) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("gateway answered " + response.statusCode() + ": " + response.body());
                }
                return json;
            }
            Thread.sleep(500);
        }
    }

    private static void awaitHandshake(String appId) throws Exception {
        URI verify = URI.create(WORKER + "/webhooks/whatsapp/" + appId
                + "?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=42");
        for (int i = 0; i < 60; i++) {
            if (HTTP.send(HttpRequest.newBuilder(verify).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the WhatsApp worker did not receive the app configuration in time");
    }

    private static JsonNode awaitReply(String customer) throws Exception {
        for (int i = 0; i < 120; i++) {
            JsonNode sent = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(GRAPH + "/sent")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode message : sent) {
                if (message.path("to").asText().equals(customer)) {
                    return message;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no reply reached the fake Graph API within 60 s (see .local/logs/whatsapp-worker.log)");
    }

    private static JsonNode controlPanel(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(CONTROL_PANEL + path))
                .header("Authorization", "Bearer " + token).header("X-Org-Id", path.split("/")[2])
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90));
        request.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void step(int n, String text) {
        System.out.printf("%2d. %s%n", n, text);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
