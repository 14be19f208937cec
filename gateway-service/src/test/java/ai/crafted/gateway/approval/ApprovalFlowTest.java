package ai.crafted.gateway.approval;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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

/**
 * Destructive tools wait for a human's approval, bound to the exact call (README "Approvals"):
 * the model's call of a {@code destructiveHint} tool is not run but answered with a pending
 * approval; a follow-up carrying the approval runs it once after a decision on
 * {@code approval-decided}; changed arguments, another key, a replay and an undecided approval
 * are refused without running anything; a denial is told to the model.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ApprovalFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    @Inject
    PluginRegistry plugins;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private final UUID org = UUID.randomUUID();
    private final UUID plugin = UUID.randomUUID();
    private String key;

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

    @BeforeEach
    void organisationWithAFilesPlugin() throws Exception {
        upstream.reset();
        key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        ToolDescriptor delete = new ToolDescriptor("delete_file", null, "Deletes a file", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}"),
                JSON.readTree("{\"destructiveHint\":true}"));
        ToolDescriptor read = new ToolDescriptor("read_file", null, "Reads a file", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"), JSON.readTree("{\"readOnlyHint\":true}"));
        GatewayFixtures.plugin(org, plugin, "files", fixture.url("/mcp"), 20_000, List.of(delete, read));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.find(org, plugin).map(p -> !plugins.preparedToolsOf(p, ai.crafted.tools.compiler.ToolProfile.OPENAI)
                        .isEmpty()).orElse(false));
    }

    @Test
    void aDestructiveCallRunsOnlyOnceAfterApprovalAndOnlyWithTheApprovedArguments() throws Exception {
        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\": \"/tmp/report.txt\"}"));
        int callsBefore = toolCallsSeen();

        JsonNode pending = chat(key, request(null)).then().statusCode(200).extract().as(JsonNode.class);

        JsonNode approval = pending.path("gateway").path("approvalRequests").get(0);
        assertThat(approval.path("status").asText()).isEqualTo("pending");
        assertThat(approval.path("tool").asText()).isEqualTo("files__delete_file");
        assertThat(approval.path("argumentsSha256").asText()).isEqualTo(CanonicalArguments.sha256("{\"path\":\"/tmp/report.txt\"}")
                .orElseThrow());
        assertThat(pending.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(pending.path("choices").get(0).path("message").path("content").asText()).contains("approval")
                .contains(approval.path("id").asText());
        assertThat(toolCallsSeen()).as("nothing ran").isEqualTo(callsBefore);
        String id = approval.path("id").asText();
        JsonNode pendingMessage = pending.path("gateway").path("pendingMessage");

        try (TopicReader updates = new TopicReader(Topics.APPROVAL_UPDATED)) {
            assertThat(status(updates, id, 1)).isEqualTo("pending");

            // Not decided yet: refused, nothing runs.
            chat(key, resume(pendingMessage, id)).then().statusCode(409).body("error.code", equalTo(
                    ApprovalRefused.PENDING));

            decide(id, true);
            assertThat(status(updates, id, 2)).isEqualTo("approved");

            // One changed argument: the approval does not cover the call.
            ObjectNode changed = pendingMessage.deepCopy();
            ((ObjectNode) changed.path("tool_calls").get(0).path("function")).put("arguments", "{\"path\":\"/etc/passwd\"}");
            chat(key, resume(changed, id)).then().statusCode(409).body("error.code", equalTo(
                    ApprovalRefused.MISMATCH)).body("error.message", containsString("other arguments"));
            // A call added to the turn (one that needs no approval, with the client's own arguments): refused.
            ObjectNode added = pendingMessage.deepCopy();
            ((ArrayNode) added.get("tool_calls")).addObject().put("id", "call_added").put("type", "function").putObject("function")
                    .put("name", "files__read_file").put("arguments", "{\"path\":\"/etc/shadow\"}");
            chat(key, resume(added, id)).then().statusCode(409).body("error.code", equalTo(ApprovalRefused.MISMATCH))
                    .body("error.message", containsString("not the turn"));
            // Another API key of the same organisation cannot use it either.
            String otherKey = GatewayFixtures.apiKey(org, UUID.randomUUID());
            await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(otherKey).isPresent());
            chat(otherKey, resume(pendingMessage, id)).then().statusCode(409).body("error.code",
                    equalTo(ApprovalRefused.MISMATCH));
            // Another organisation's key does not even see it.
            UUID otherOrg = UUID.randomUUID();
            String foreignKey = GatewayFixtures.apiKey(otherOrg, UUID.randomUUID());
            GatewayFixtures.plugin(otherOrg, UUID.randomUUID(), "files", fixture.url("/mcp"), 20_000,
                    List.of(new ToolDescriptor("delete_file", null, "Deletes a file", JSON.readTree("{\"type\":\"object\"}"),
                            JSON.readTree("{\"destructiveHint\":true}"))));
            await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(foreignKey).isPresent()
                    && !plugins.forOrganization(otherOrg).isEmpty());
            chat(foreignKey, resume(pendingMessage, id)).then().statusCode(404).body("error.code",
                    equalTo(ApprovalRefused.NOT_FOUND));
            assertThat(toolCallsSeen()).as("nothing ran").isEqualTo(callsBefore);

            upstream.thenAnswer(text("Deleted /tmp/report.txt."));
            JsonNode done = chat(key, resume(pendingMessage, id)).then().statusCode(200).extract().as(JsonNode.class);
            assertThat(done.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Deleted /tmp/report.txt.");
            assertThat(toolCallsSeen()).as("the approved call ran once").isEqualTo(callsBefore + 1);
            JsonNode toModel = upstream.requests().get(upstream.requests().size() - 1).path("messages");
            assertThat(toModel.get(toModel.size() - 1).path("content").asText()).contains("delete_file called with")
                    .contains("/tmp/report.txt");
            assertThat(status(updates, id, 3)).isEqualTo("used");

            // A replay: refused, the tool does not run again.
            chat(key, resume(pendingMessage, id)).then().statusCode(409).body("error.code", equalTo(
                    ApprovalRefused.ALREADY_USED));
            assertThat(toolCallsSeen()).isEqualTo(callsBefore + 1);
        }
    }

    @Test
    void anApprovalCoversTheExactArgumentTextNotOnlyItsCanonicalHash() throws Exception {
        // RFC 8785 reads numbers as doubles: 2^53 + 1 and 2^53 have one canonical form.
        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/x\",\"id\":9007199254740993}"));
        JsonNode pending = chat(key, request(null)).then().statusCode(200).extract().as(JsonNode.class);
        String id = pending.path("gateway").path("approvalRequests").get(0).path("id").asText();
        try (TopicReader updates = new TopicReader(Topics.APPROVAL_UPDATED)) {
            decide(id, true);
            assertThat(status(updates, id, 2)).isEqualTo("approved");
        }
        ObjectNode collided = pending.path("gateway").path("pendingMessage").deepCopy();
        ((ObjectNode) collided.path("tool_calls").get(0).path("function")).put("arguments",
                "{\"path\":\"/tmp/x\",\"id\":9007199254740992}");
        assertThat(CanonicalArguments.sha256("{\"path\":\"/tmp/x\",\"id\":9007199254740992}"))
                .isEqualTo(CanonicalArguments.sha256("{\"path\":\"/tmp/x\",\"id\":9007199254740993}"));
        int callsBefore = toolCallsSeen();
        chat(key, resume(collided, id)).then().statusCode(409).body("error.code", equalTo(ApprovalRefused.MISMATCH));
        assertThat(toolCallsSeen()).isEqualTo(callsBefore);
    }

    @Test
    void aDeniedCallIsToldToTheModelAndNeverRuns() throws Exception {
        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/a\"}"));
        int callsBefore = toolCallsSeen();
        JsonNode pending = chat(key, request("ticket-7")).then().statusCode(200).extract().as(JsonNode.class);
        String id = pending.path("gateway").path("approvalRequests").get(0).path("id").asText();
        try (TopicReader updates = new TopicReader(Topics.APPROVAL_UPDATED)) {
            decide(id, false);
            assertThat(status(updates, id, 2)).isEqualTo("denied");
        }
        // The conversation is part of the binding: another one does not match.
        chat(key, resume(pending.path("gateway").path("pendingMessage"), id)).then().statusCode(409);

        upstream.thenAnswer(text("I did not delete it: the operator declined."));
        ObjectNode follow = resume(pending.path("gateway").path("pendingMessage"), id);
        follow.put("conversation", "ticket-7");
        JsonNode answer = chat(key, follow).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(answer.path("choices").get(0).path("message").path("content").asText()).contains("declined");
        JsonNode toModel = upstream.requests().get(upstream.requests().size() - 1).path("messages");
        assertThat(toModel.get(toModel.size() - 1).path("content").asText()).contains("denied");
        assertThat(toolCallsSeen()).isEqualTo(callsBefore);
    }

    @Test
    void callsThatNeedNoApprovalRunAsBeforeAndAStreamEndsWithThePendingApproval() throws Exception {
        upstream.thenAnswer(toolCalls("files__read_file", "{\"path\":\"/tmp/a\"}")).thenAnswer(text("It says hello."));
        int callsBefore = toolCallsSeen();
        chat(key, request(null)).then().statusCode(200).body("choices[0].message.content",
                equalTo("It says hello."));
        assertThat(toolCallsSeen()).isEqualTo(callsBefore + 1);

        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/a\"}"));
        ObjectNode streamed = request(null);
        streamed.put("stream", true);
        String events = chat(key, streamed).then().statusCode(200).extract().asString();
        assertThat(events).contains("needs a human's approval").contains("\"approvalRequests\"").contains("\"pendingMessage\"")
                .contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        assertThat(toolCallsSeen()).isEqualTo(callsBefore + 1);
    }

    @Test
    void theResponsesApiListsTheCallAsAnMcpApprovalRequestAndDoesNotRunIt() {
        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/b\"}"));
        int callsBefore = toolCallsSeen();
        JsonNode response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"Delete /tmp/b\"}").post("/v1/responses")
                .then().statusCode(200).extract().as(JsonNode.class);
        JsonNode request = null;
        for (JsonNode item : response.path("output")) {
            if (item.path("type").asText().equals("mcp_approval_request")) {
                request = item;
            }
        }
        assertThat(request).as("an mcp_approval_request item in %s", response.path("output")).isNotNull();
        assertThat(request.path("server_label").asText()).isEqualTo("files");
        assertThat(request.path("name").asText()).isEqualTo("delete_file");
        assertThat(request.path("id").asText()).isEqualTo(response.path("gateway").path("approvalRequests").get(0).path("id")
                .asText());
        assertThat(toolCallsSeen()).isEqualTo(callsBefore);

        upstream.thenAnswer(toolCalls("files__delete_file", "{\"path\":\"/tmp/c\"}"));
        String events = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"Delete /tmp/c\",\"stream\":true}").post("/v1/responses")
                .then().statusCode(200).extract().asString();
        assertThat(events).contains("response.output_item.added").contains("\"type\":\"mcp_approval_request\"")
                .contains("\"approvalRequests\"").contains("response.completed");
        assertThat(toolCallsSeen()).isEqualTo(callsBefore);
    }

    @Test
    void badApprovalFieldsAreRefusedWithStableCodes() {
        ObjectNode notIds = request(null);
        notIds.putArray("approvals").add("not-an-id");
        chat(key, notIds).then().statusCode(400).body("error.code", equalTo("invalid_approvals"));
        ObjectNode noTurn = request(null);
        noTurn.putArray("approvals").add(UUID.randomUUID().toString());
        chat(key, noTurn).then().statusCode(400).body("error.code", equalTo("invalid_approvals"));
        ObjectNode longConversation = request("x".repeat(129));
        chat(key, longConversation).then().statusCode(400).body("error.code", equalTo("invalid_conversation"));
        for (String bad : List.of("a\u0007b", "a\ud800b", "Support line \u202egnp.exe", "zero\u200bwidth", "\udc00")) {
            chat(key, request(bad)).then().statusCode(400).body("error.code", equalTo("invalid_conversation"));
        }
        // An emoji (a surrogate pair) is fine.
        upstream.thenAnswer(text("ok"));
        chat(key, request("ticket \ud83d\ude00")).then().statusCode(200);
        ObjectNode surface = request(null);
        surface.put("surface", "sms");
        chat(key, surface).then().statusCode(400).body("error.code", equalTo("invalid_surface"));
    }

    private ObjectNode request(String conversation) {
        ObjectNode body = JSON.createObjectNode().put("model", "scripted-model");
        body.putArray("messages").addObject().put("role", "user").put("content", "Delete /tmp/report.txt please");
        if (conversation != null) {
            body.put("conversation", conversation);
        }
        return body;
    }

    private ObjectNode resume(JsonNode pendingMessage, String... approvals) {
        ObjectNode body = request(null);
        ((ArrayNode) body.get("messages")).add(pendingMessage);
        ArrayNode ids = body.putArray("approvals");
        for (String id : approvals) {
            ids.add(id);
        }
        return body;
    }

    private Response chat(String apiKey, ObjectNode body) {
        String text;
        try {
            // Non-ASCII as backslash-u escapes, so a lone surrogate reaches the gateway as the client wrote it.
            text = JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(text)
                .post("/v1/chat/completions");
    }

    private void decide(String approvalId, boolean approve) {
        TopicWriter.send(Topics.APPROVAL_DECIDED, approvalId, new ApprovalDecidedEvent(ApprovalDecidedEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), org, UUID.fromString(approvalId), approve, "admin-subject", null));
    }

    /** The status of the approval's {@code version}-th record on approval-updated. */
    private static String status(TopicReader updates, String approvalId, int version) {
        return updates.await(r -> r.key().equals(approvalId) && EventJson.read(r.value(), ApprovalUpdatedEvent.class).version() == version,
                1, Duration.ofSeconds(20)).get(0).value().transform(v -> EventJson.read(v, ApprovalUpdatedEvent.class).status());
    }

    private static int toolCallsSeen() {
        return (int) fixture.requestLog().stream().filter("tools/call"::equals).count();
    }
}
