package ai.crafted.gateway.approval;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

import ai.crafted.events.ApprovalDecidedEvent;
import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.chat.GatewayFixtures;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;
import ai.crafted.tools.compiler.ToolProfile;

/**
 * Approvals expire (here after 2 s): the expiry is published, a decision that comes later is
 * ignored, and a follow-up then tells the model the call did not run.
 */
@QuarkusTest
@TestProfile(ApprovalExpiryTest.ShortApprovals.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ApprovalExpiryTest {

    /** Approvals live 2 s; expiry is checked every 200 ms. */
    public static class ShortApprovals implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.approvals.ttl", "PT2S", "gateway.approvals.expiry-interval", "PT0.2S");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    @Inject
    PluginRegistry plugins;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @BeforeAll
    static void startFixture() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopFixture() {
        fixture.close();
        vertx.close();
    }

    @Test
    void anUndecidedApprovalExpiresALateApprovalIsIgnoredAndTheModelIsTold() throws Exception {
        UUID org = UUID.randomUUID();
        UUID plugin = UUID.randomUUID();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        GatewayFixtures.plugin(org, plugin, "files", fixture.url("/mcp"), 20_000, List.of(new ToolDescriptor("delete_file", null,
                "Deletes a file", JSON.readTree("{\"type\":\"object\"}"), JSON.readTree("{\"destructiveHint\":true}"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent() && plugins.find(org, plugin)
                .map(p -> !plugins.preparedToolsOf(p, ToolProfile.OPENAI).isEmpty()).orElse(false));
        upstream.reset();
        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/a\"}"));
        ObjectNode body = JSON.createObjectNode().put("model", "scripted-model");
        body.putArray("messages").addObject().put("role", "user").put("content", "Delete /tmp/a");
        JsonNode pending = given().header("Authorization", "Bearer " + key).contentType("application/json").body(body.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().as(JsonNode.class);
        String id = pending.path("gateway").path("approvalRequests").get(0).path("id").asText();

        try (TopicReader updates = new TopicReader(Topics.APPROVAL_UPDATED)) {
            ApprovalUpdatedEvent expired = EventJson.read(updates.await(r -> r.key().equals(id)
                    && r.value().contains("\"expired\""), 1, Duration.ofSeconds(20)).get(0).value(), ApprovalUpdatedEvent.class);
            assertThat(expired.version()).isEqualTo(2);
            assertThat(expired.reason()).contains("not decided");

            TopicWriter.send(Topics.APPROVAL_DECIDED, id, new ApprovalDecidedEvent(ApprovalDecidedEvent.SCHEMA_VERSION,
                    UUID.randomUUID(), Instant.now(), org, UUID.fromString(id), true, "late-admin", null));
            // The late decision changes nothing: no approved record follows within a few seconds.
            Thread.sleep(2000);
            assertThat(updates.await(r -> r.key().equals(id), 1, Duration.ofSeconds(1)))
                    .allSatisfy(r -> assertThat(r.value()).doesNotContain("\"approved\""));
        }

        upstream.thenAnswer(text("The request expired, nothing was deleted."));
        ((ArrayNode) body.get("messages")).add(pending.path("gateway").path("pendingMessage"));
        body.putArray("approvals").add(id);
        int callsBefore = (int) fixture.requestLog().stream().filter("tools/call"::equals).count();
        given().header("Authorization", "Bearer " + key).contentType("application/json").body(body.toString())
                .post("/v1/chat/completions").then().statusCode(200);
        JsonNode toModel = upstream.requests().get(upstream.requests().size() - 1).path("messages");
        assertThat(toModel.get(toModel.size() - 1).path("content").asText()).contains("expired");
        assertThat(fixture.requestLog().stream().filter("tools/call"::equals).count()).isEqualTo(callsBefore);
    }
}
