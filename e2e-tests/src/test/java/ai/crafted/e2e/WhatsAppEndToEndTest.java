package ai.crafted.e2e;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;

/**
 * A customer writes on WhatsApp: signed webhook → Kafka → worker → gateway (the scripted model
 * calls a tool of the selected plugin) → live MCP server → fake Graph API, which must receive
 * exactly one correct reply. The unselected plugin's tools are never offered to the model.
 */
class WhatsAppEndToEndTest {

    private static RunningStack stack;
    private static EverythingServer everything;
    private static Vertx vertx;
    private static FixtureMcpServer internalTools;

    private final String org = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
        everything = stack.everything();
        vertx = Vertx.vertx();
        internalTools = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stop() {
        internalTools.close();
        vertx.close();
    }

    @Test
    void aSignedMessageIsAnsweredOnceUsingOnlyTheSelectedPlugin() {
        String selected = installAndRefresh("support-crm", everything.endpoint());
        installAndRefresh("internal-admin", internalTools.url("/mcp"));
        String phoneNumberId = Long.toString(100000000000L + (long) (Math.random() * 1e11));
        String appId = api().body("""
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-e2e-token",
                 "appSecret":"e2e-app-secret","verifyToken":"e2e-verify-token","model":"gpt-test",
                 "systemPrompt":"You are the shop's assistant.","mcpPluginIds":["%s"]}""".formatted(phoneNumberId, selected))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");

        String worker = stack.url("whatsapp-worker");
        // The app reaches the worker through Kafka: the handshake succeeds once it is there.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(worker)
                .queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "e2e-verify-token")
                .queryParam("hub.challenge", "42").get("/webhooks/whatsapp/{app}", appId).statusCode() == 200);

        ScriptedUpstream model = stack.upstream();
        FakeGraphApi graph = stack.graph();
        model.reset();
        model.then(request -> {
            assertThat(toolNames(request)).contains("support-crm__echo").doesNotContain("internal-admin__lookup_customer");
            return toolCalls("support-crm__echo", "{\"message\":\"order 7 is on its way\"}");
        }).thenAnswer(text("Good news: order 7 is on its way."));

        String from = "4915550" + (int) (Math.random() * 100000);
        String body = WebhookSignatures.textDelivery(phoneNumberId, from, "wamid.e2e-" + UUID.randomUUID(), "Where is order 7?");
        given().baseUri(worker).contentType(ContentType.JSON)
                .header("X-Hub-Signature-256", WebhookSignatures.sign(body, "e2e-app-secret"))
                .body(body).post("/webhooks/whatsapp/{app}", appId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(40)).until(() -> sentTo(graph, from).size() == 1);
        FakeGraphApi.Sent reply = sentTo(graph, from).get(0);
        assertThat(reply.text()).isEqualTo("Good news: order 7 is on its way.");
        assertThat(reply.authorization()).isEqualTo("Bearer EAAG-e2e-token");
        assertThat(reply.path()).endsWith("/" + phoneNumberId + "/messages");
        assertThat(model.requests()).hasSize(2);
        assertThat(model.requests()).allSatisfy(r -> assertThat(toolNames(r)).doesNotContain("internal-admin__lookup_customer"));
        JsonNode toolMessage = model.requests().get(1).path("messages").get(model.requests().get(1).path("messages").size() - 1);
        assertThat(toolMessage.path("content").asText()).contains("order 7 is on its way");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(graph, from).size() == 1);

        // The control panel's conversation view hears it from the worker over Kafka: the question, replied, and the answer sent.
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/organizations/{org}/whatsapp-apps/{id}/conversations", org, appId)
                .then().extract().jsonPath().getList("items").size() == 1);
        String conversation = api().get("/organizations/{org}/whatsapp-apps/{id}/conversations", org, appId).then()
                .extract().path("items[0].conversationId");
        await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org,
                appId, conversation).then().extract().jsonPath().getList("messages").size() == 2);
        JsonNode view = api().get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, conversation).then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(view.path("customer").asText()).isEqualTo(from);
        assertThat(view.at("/messages/0/text").asText()).isEqualTo("Where is order 7?");
        assertThat(view.at("/messages/0/status").asText()).isEqualTo("replied");
        assertThat(view.at("/messages/1/text").asText()).isEqualTo("Good news: order 7 is on its way.");
        assertThat(view.at("/messages/1/status").asText()).isEqualTo("accepted");
    }

    private String installAndRefresh(String slug, String endpoint) {
        String id = api().body("""
                {"kind":"mcp","slug":"%s","displayName":"%s","config":{"endpoint":"%s"}}""".formatted(slug, slug, endpoint))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        api().post("/organizations/{org}/integrations/{id}/refresh", org, id).then().statusCode(200);
        return id;
    }

    private static List<FakeGraphApi.Sent> sentTo(FakeGraphApi graph, String to) {
        return graph.sent().stream().filter(s -> s.to().equals(to)).toList();
    }

    private static List<String> toolNames(JsonNode request) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .map(t -> t.path("function").path("name").asText()).toList();
    }

    private RequestSpecification api() {
        return given().baseUri(stack.url("integrations-service")).auth().oauth2(DevTokens.admin(org))
                .header("X-Org-Id", org).contentType(ContentType.JSON);
    }
}
