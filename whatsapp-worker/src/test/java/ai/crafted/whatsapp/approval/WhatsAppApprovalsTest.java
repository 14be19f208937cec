package ai.crafted.whatsapp.approval;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolRef;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * A customer's request whose tool call needs a person's approval: the customer is told it waits,
 * the turn is stored, and once the approval is decided (approval-updated on the test broker) the
 * stored follow-up request goes to the gateway exactly once and its answer to the customer exactly
 * once. The fake gateway answers as the gateway's contract says (approvalRequests, pendingMessage,
 * 409 approval_* errors).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class WhatsAppApprovalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARGUMENTS = "{\"path\":\"/tmp/a\"}";

    @Inject
    AppRegistry apps;

    @Inject
    Pool pool;

    @Inject
    WorkerConfig config;

    @Inject
    PendingTurnSweep sweep;

    @Inject
    ChannelRegistry channels;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID org = UUID.randomUUID();
    private final UUID appId = UUID.randomUUID();
    private final UUID plugin = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(300000000L + (long) (Math.random() * 1e9));
    private final String customer = "4917" + (10000000 + (int) (Math.random() * 8e7));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        graph.resetFailures();
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, List.of(plugin));
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    @Test
    void aToolNeedingApprovalTellsTheCustomerStoresTheTurnAndARedeliveryAsksNothingAgain() {
        UUID approval = UUID.randomUUID();
        gateway.thenAnswer(pendingAnswer(approval));
        String wamid = "wamid.approval-" + UUID.randomUUID();

        deliver(wamid, "Please delete /tmp/a");

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
        assertThat(sentTo(customer).get(0).text()).isEqualTo(config.approvals().pendingNotice());
        await().atMost(Duration.ofSeconds(10)).until(() -> "replied".equals(inboundStatus(wamid)));
        UUID conversation = UUID.fromString(value("select conversation_id::text from inbound_messages where app_id = $1 and wamid = $2",
                Tuple.of(appId, wamid)));
        JsonNode request = gateway.requests().get(0);
        assertThat(request.path("conversation").asText()).as("the worker's conversation id, not the phone number")
                .isEqualTo(conversation.toString());
        assertThat(request.has("allowed_tools")).as("the app has no allowlist").isFalse();
        assertThat(request.has("approvals")).isFalse();

        Row turn = turnOf(wamid);
        assertThat(turn.getString("state")).isEqualTo("waiting");
        assertThat(turn.getArrayOfUUIDs("approval_ids")).containsExactly(approval);
        assertThat(turn.getString("customer")).isEqualTo(customer);
        assertThat(turn.getUUID("conversation_id")).isEqualTo(conversation);
        JsonNode body = read(turn.getString("resume_body"));
        assertThat(body.path("approvals")).hasSize(1);
        assertThat(body.path("approvals").get(0).asText()).isEqualTo(approval.toString());
        assertThat(body.path("messages")).hasSize(request.path("messages").size() + 1);
        assertThat(body.path("messages").get(body.path("messages").size() - 1).path("tool_calls").get(0).path("function")
                .path("name").asText()).isEqualTo("files__delete_file");
        assertThat(turn.getString("resume_body")).doesNotContain("crk_gateway_key");

        // WhatsApp delivers the message again: the model is not asked again, the customer told nothing more.
        deliver(wamid, "Please delete /tmp/a");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 1);
        assertThat(gateway.requests()).hasSize(1);
        assertThat(count("select count(*) from pending_turns where app_id = $1", Tuple.of(appId))).isEqualTo(1);
    }

    @Test
    void anApprovalResumesTheTurnOnceAndTheCustomerGetsTheAnswerOnceEvenWhenTheEventComesAgain() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        gateway.thenAnswer(text("Done: /tmp/a is deleted."));

        UUID conversation = turnOf(wamid).getUUID("conversation_id");
        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, conversation);
        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, conversation);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo("Done: /tmp/a is deleted.");
        assertThat(sentTo(customer).get(1).contextMessageId()).as("threaded to the request it answers").isEqualTo(wamid);
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(turnOf(wamid).getString("state")));
        // Later records of the same approval (the gateway marks it used) change nothing either.
        publish(approval, ApprovalUpdatedEvent.USED, 3, conversation);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 2);

        assertThat(gateway.requests()).as("the first request and exactly one resume").hasSize(2);
        JsonNode first = gateway.requests().get(0);
        JsonNode resume = gateway.requests().get(1);
        assertThat(resume.path("approvals")).hasSize(1);
        assertThat(resume.path("approvals").get(0).asText()).isEqualTo(approval.toString());
        assertThat(resume.path("conversation").asText()).isEqualTo(conversation.toString());
        ArrayNode expected = ((ArrayNode) first.path("messages")).deepCopy();
        expected.add(pendingMessage());
        assertThat(resume.path("messages")).as("the same messages, then the pending message verbatim").isEqualTo(expected);
        assertThat(gateway.requestHeaders().get(1).get("Authorization")).isEqualTo("Bearer crk_gateway_key");
        assertThat(value("select body from conversation_messages where conversation_id = $1 and direction = 'outbound'"
                + " order by id desc limit 1", Tuple.of(conversation))).isEqualTo("Done: /tmp/a is deleted.");
    }

    @Test
    void aDenialResumesTheTurnSoTheModelAnswersAndTheCustomerGetsIt() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        gateway.thenAnswer(text("I was not allowed to delete /tmp/a."));

        publish(approval, ApprovalUpdatedEvent.DENIED, 2, turnOf(wamid).getUUID("conversation_id"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo("I was not allowed to delete /tmp/a.");
        assertThat(gateway.requests()).hasSize(2);
        assertThat(gateway.requests().get(1).path("approvals").get(0).asText()).isEqualTo(approval.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(turnOf(wamid).getString("state")));
    }

    @Test
    void aTurnWithTwoApprovalsWaitsForBoth() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String wamid = waitingTurn(first, second);
        gateway.thenAnswer(text("Both handled."));
        UUID conversation = turnOf(wamid).getUUID("conversation_id");

        publish(first, ApprovalUpdatedEvent.APPROVED, 2, conversation);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> gateway.requests().size() == 1);
        assertThat(turnOf(wamid).getString("state")).isEqualTo("waiting");
        publish(second, ApprovalUpdatedEvent.EXPIRED, 2, conversation);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo("Both handled.");
        assertThat(gateway.requests()).hasSize(2);
    }

    @Test
    void aResumeTheGatewayRefusesForGoodEndsTheTurnWithTheNoticeAndIsNeverRetried() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        // A plugin of the stored request was deleted meanwhile: the gateway will never accept it.
        gateway.thenAnswer(conflict(400, "invalid_plugin"));

        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, turnOf(wamid).getUUID("conversation_id"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo(config.approvals().failedNotice())
                .contains("may already have been carried out");
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(turnOf(wamid).getString("state")));
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 2);
        assertThat(gateway.requests()).as("one resume, no retry").hasSize(2);
        // The resume carried the app's plugins as they are now, not as stored.
        assertThat(gateway.requests().get(1).path("plugins").isArray()).isTrue();
    }

    @Test
    void aResumeRefusedAsAlreadyUsedIsNeverRetriedAndTheCustomerIsToldOnce() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        gateway.thenAnswer(conflict(409, "approval_already_used"));

        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, turnOf(wamid).getUUID("conversation_id"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo(config.approvals().failedNotice());
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(turnOf(wamid).getString("state")));
        assertThat(turnOf(wamid).getString("last_error")).startsWith("approval_already_used");
        sweep.sweep().await().atMost(Duration.ofSeconds(10));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 2);
        assertThat(gateway.requests()).as("one resume, no retry").hasSize(2);
    }

    @Test
    void aResumeAnsweredApprovalPendingWaitsAgainAndResumesWithTheNextDecision() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        gateway.thenAnswer(conflict(409, "approval_pending")).thenAnswer(text("Now it is done."));
        UUID conversation = turnOf(wamid).getUUID("conversation_id");

        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, conversation);
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.requests().size() == 2
                && "waiting".equals(turnOf(wamid).getString("state")));
        assertThat(sentTo(customer)).hasSize(1);

        publish(approval, ApprovalUpdatedEvent.APPROVED, 3, conversation);
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo("Now it is done.");
        assertThat(gateway.requests()).hasSize(3);
    }

    @Test
    void theAppsToolAllowlistIsSentWithEveryRequest() {
        WhatsAppAppUpdatedEvent event = WhatsAppFixtures.appEvent(org, appId, phoneNumberId, List.of(plugin), 1);
        TopicWriter.send(Topics.WHATSAPP_APP_UPDATED, appId.toString(), withAllowedTools(event,
                List.of(new ToolRef(plugin, "search_docs"), new ToolRef(plugin, "delete_file"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).map(app -> app.allowedTools() != null).orElse(false));
        gateway.thenAnswer(text("Here you go."));

        deliver("wamid.allow-" + UUID.randomUUID(), "Find the docs");

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
        JsonNode allowed = gateway.requests().get(0).path("allowed_tools");
        assertThat(allowed).hasSize(2);
        assertThat(allowed.get(0).path("plugin").asText()).isEqualTo(plugin.toString());
        assertThat(allowed.get(0).path("name").asText()).isEqualTo("search_docs");
        assertThat(allowed.get(1).path("name").asText()).isEqualTo("delete_file");
    }

    /**
     * Nothing about a waiting turn lives in a worker's memory: a turn that an earlier worker process
     * stored (written here straight into the database, never seen by this instance) resumes when its
     * approval arrives, here delivered while the approvals consumer was stopped and started again.
     */
    @Test
    void aTurnStoredByAnEarlierWorkerResumesFromTheDatabaseAlone() {
        UUID approval = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        UUID turn = UUID.randomUUID();
        String wamid = "wamid.earlier-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        sql("insert into conversations (id, organization_id, app_id, customer_wa_id, created_at, updated_at)"
                + " values ($1, $2, $3, $4, $5, $5)", Tuple.of(conversation, org, appId, customer, now));
        WhatsAppInboundMessage message = new WhatsAppInboundMessage(WhatsAppInboundMessage.SCHEMA_VERSION, appId, org,
                phoneNumberId, customer, wamid, "text", "Please delete /tmp/a", Instant.now(), null, Instant.now(), null);
        ObjectNode body = JSON.createObjectNode().put("model", "gpt-test").put("conversation", conversation.toString());
        body.putArray("messages").add(JSON.createObjectNode().put("role", "user").put("content", "Please delete /tmp/a"))
                .add(pendingMessage());
        body.putArray("approvals").add(approval.toString());
        sql("insert into pending_turns (id, app_id, organization_id, conversation_id, customer, inbound_wamid, message,"
                + " approval_ids, resume_body, state, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " 'waiting', $10, $10)", Tuple.tuple(List.of(turn, appId, org, conversation, customer, wamid,
                EventJson.write(message), new UUID[] { approval }, body.toString(), now)));
        gateway.thenAnswer(text("Deleted, as approved."));

        var consumer = channels.getPausable(Topics.APPROVAL_UPDATED);
        consumer.pause();
        try {
            publish(approval, ApprovalUpdatedEvent.APPROVED, 2, conversation);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> gateway.requests().isEmpty());
        } finally {
            consumer.resume();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
        assertThat(sentTo(customer).get(0).text()).isEqualTo("Deleted, as approved.");
        assertThat(gateway.requests()).hasSize(1);
        // The stored request as it was, with the app's plugin selection as it is now.
        ObjectNode expected = body.deepCopy();
        expected.set("plugins", gateway.requests().get(0).get("plugins"));
        assertThat(gateway.requests().get(0)).isEqualTo(expected);
        assertThat(gateway.requests().get(0).get("plugins").isArray()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(state(turn)));
    }

    /**
     * A worker stopped after claiming a turn (state resuming) and possibly after the gateway ran the
     * tool: the sweep takes it once its lease is over and resumes it; the gateway refuses the used
     * approval, so the tool never runs twice, and the customer is told once. A second sweep finds
     * nothing to do.
     */
    @Test
    void aTurnLeftResumingByAStoppedWorkerIsPickedUpOnceAndTheToolNeverRunsTwice() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        UUID turn = turnOf(wamid).getUUID("id");
        sql("insert into approval_states (approval_id, organization_id, status, version, updated_at) values ($1, $2, 'used', 3, $3)",
                Tuple.of(approval, org, OffsetDateTime.now(ZoneOffset.UTC)));
        sql("update pending_turns set state = 'resuming', updated_at = $2 where id = $1",
                Tuple.of(turn, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));
        gateway.thenAnswer(conflict(409, "approval_already_used"));

        assertThat(sweep.sweep().await().atMost(Duration.ofSeconds(10))).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo(config.approvals().failedNotice());
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(state(turn)));
        assertThat(sweep.sweep().await().atMost(Duration.ofSeconds(10))).isZero();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 2);
        assertThat(gateway.requests()).as("the first request and one resume").hasSize(2);
    }

    @Test
    void aResumeTheModelContinuesIntoAnotherApprovalWaitsAgainAndTellsTheCustomerAgain() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String wamid = waitingTurn(first);
        UUID conversation = turnOf(wamid).getUUID("conversation_id");
        gateway.thenAnswer(pendingAnswer(second)).thenAnswer(text("Both steps are done."));

        publish(first, ApprovalUpdatedEvent.APPROVED, 2, conversation);
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer).get(1).text()).isEqualTo(config.approvals().pendingNotice());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from pending_turns where app_id = $1"
                + " and inbound_wamid = $2 and state = 'waiting' and approval_ids = $3", Tuple.of(appId, wamid, new UUID[] { second })) == 1);

        publish(second, ApprovalUpdatedEvent.APPROVED, 2, conversation);
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 3);
        assertThat(sentTo(customer).get(2).text()).isEqualTo("Both steps are done.");
        assertThat(gateway.requests()).hasSize(3);
        JsonNode firstResume = gateway.requests().get(1);
        JsonNode secondResume = gateway.requests().get(2);
        assertThat(secondResume.path("approvals").get(0).asText()).isEqualTo(second.toString());
        ArrayNode expected = ((ArrayNode) firstResume.path("messages")).deepCopy();
        expected.add(pendingMessage());
        assertThat(secondResume.path("messages")).as("the messages of the request that got the pending answer, then its pending message")
                .isEqualTo(expected);
    }

    @Test
    void aDecisionThatArrivesBeforeTheTurnIsStoredStillResumesIt() {
        UUID approval = UUID.randomUUID();
        publish(approval, ApprovalUpdatedEvent.APPROVED, 2, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from approval_states where approval_id = $1",
                Tuple.of(approval)) == 1);
        gateway.thenAnswer(pendingAnswer(approval)).thenAnswer(text("Done at once."));

        deliver("wamid.early-" + UUID.randomUUID(), "Please delete /tmp/a");

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2);
        assertThat(sentTo(customer)).extracting(FakeGraphApi.Sent::text)
                .containsExactly(config.approvals().pendingNotice(), "Done at once.");
        assertThat(gateway.requests()).hasSize(2);
    }

    /**
     * A worker stopped while sending a resumed answer (state sending, no part accepted): the sweep
     * never sends it again on its own (the customer may have it) and parks the turn.
     */
    @Test
    void aTurnLeftSendingByAStoppedWorkerIsParkedAndNotSentAgain() {
        UUID approval = UUID.randomUUID();
        String wamid = waitingTurn(approval);
        UUID turn = turnOf(wamid).getUUID("id");
        sql("update pending_turns set state = 'sending', answer = 'The answer.', updated_at = $2 where id = $1",
                Tuple.of(turn, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));

        assertThat(sweep.sweep().await().atMost(Duration.ofSeconds(10))).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "parked".equals(state(turn)));
        assertThat(value("select last_error from pending_turns where id = $1", Tuple.of(turn)))
                .contains("0 of 1 parts accepted");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 1);
        assertThat(gateway.requests()).hasSize(1);
    }

    /** A customer's message the gateway held for these approvals; the customer has the notice. */
    private String waitingTurn(UUID... approvals) {
        gateway.thenAnswer(pendingAnswer(approvals));
        String wamid = "wamid.approval-" + UUID.randomUUID();
        deliver(wamid, "Please delete /tmp/a");
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1
                && count("select count(*) from pending_turns where app_id = $1 and inbound_wamid = $2", Tuple.of(appId, wamid)) == 1);
        return wamid;
    }

    private ObjectNode pendingAnswer(UUID... approvals) {
        ObjectNode answer = text("This call needs a person's approval.");
        ObjectNode extension = answer.putObject("gateway");
        ArrayNode requests = extension.putArray("approvalRequests");
        for (UUID approval : approvals) {
            requests.addObject().put("id", approval.toString()).put("status", "pending").put("tool", "files__delete_file")
                    .put("plugin", plugin.toString()).put("toolName", "delete_file").put("arguments", ARGUMENTS)
                    .put("argumentsSha256", "5d0c").put("expiresAt", Instant.now().plusSeconds(600).toString());
        }
        extension.set("pendingMessage", pendingMessage());
        return answer;
    }

    private static ObjectNode pendingMessage() {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function").putObject("function")
                .put("name", "files__delete_file").put("arguments", ARGUMENTS);
        return message;
    }

    private static ObjectNode conflict(int status, String code) {
        ObjectNode answer = ScriptedUpstream.error(status, "refused: " + code);
        ((ObjectNode) answer.get("error")).put("code", code).put("type", "invalid_request_error");
        return answer;
    }

    private void publish(UUID approval, String status, long version, UUID conversation) {
        Instant now = Instant.now();
        TopicWriter.send(Topics.APPROVAL_UPDATED, approval.toString(), new ApprovalUpdatedEvent(ApprovalUpdatedEvent.SCHEMA_VERSION,
                UUID.randomUUID(), now, org, approval, version, status, ApprovalUpdatedEvent.SURFACE_WHATSAPP, UUID.randomUUID(),
                conversation.toString(), plugin, "call_1", "files__delete_file", "delete_file", "sha256:41", ARGUMENTS, "5d0c",
                now, now.plusSeconds(600), now, "admin-subject", null));
    }

    private static WhatsAppAppUpdatedEvent withAllowedTools(WhatsAppAppUpdatedEvent e, List<ToolRef> allowed) {
        return new WhatsAppAppUpdatedEvent(e.schemaVersion(), e.eventId(), e.occurredAt(), e.changeType(), e.organizationId(),
                e.appId(), e.version(), e.phoneNumberId(), e.displayName(), e.model(), e.systemPrompt(), e.mcpPluginIds(),
                e.reason(), e.accessToken(), e.appSecret(), e.verifyToken(), e.gatewayApiKey(), allowed);
    }

    private void deliver(String wamid, String text) {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550000000\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kim\"}}],"
                + "\"messages\":[{\"from\":\"" + customer + "\",\"id\":\"" + wamid + "\",\"timestamp\":\""
                + Instant.now().getEpochSecond() + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);
    }

    private List<FakeGraphApi.Sent> sentTo(String to) {
        return graph.sent().stream().filter(s -> s.to().equals(to)).toList();
    }

    private Row turnOf(String wamid) {
        var rows = pool.preparedQuery("select * from pending_turns where app_id = $1 and inbound_wamid = $2 order by created_at limit 1")
                .execute(Tuple.of(appId, wamid)).await().atMost(Duration.ofSeconds(5));
        return rows.iterator().next();
    }

    private String state(UUID turn) {
        return value("select state from pending_turns where id = $1", Tuple.of(turn));
    }

    private String inboundStatus(String wamid) {
        return value("select status from inbound_messages where app_id = $1 and wamid = $2", Tuple.of(appId, wamid));
    }

    private String value(String query, Tuple arguments) {
        var rows = pool.preparedQuery(query).execute(arguments).await().atMost(Duration.ofSeconds(5));
        return rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
    }

    private long count(String query, Tuple arguments) {
        return pool.preparedQuery(query).execute(arguments).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private void sql(String statement, Tuple arguments) {
        pool.preparedQuery(statement).execute(arguments).await().atMost(Duration.ofSeconds(5));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
