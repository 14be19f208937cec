package ai.crafted.whatsapp.reply;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.events.WhatsAppOperatorActionEvent;
import ai.crafted.events.WhatsAppOperatorActionEvent.Action;
import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresAdmin;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * A reply interrupted while being sent (the worker stopped after recording it as {@code sending}):
 * what the worker's tables hold after such a stop is written here, then the message is delivered
 * again, as WhatsApp or Kafka would. It is never sent again on its own: finished as replied when
 * WhatsApp accepted every part, else parked for an operator, whose retry or mark-failed
 * ({@code whatsapp-operator-actions}) the worker applies once, for the right app only.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class WhatsAppParkedMessagesTest {

    /** Two parts at WhatsApp's 4,096-character limit. */
    private static final String LONG_REPLY = "word ".repeat(1500).trim();

    @Inject
    AppRegistry apps;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String datasourceUrl;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID org = UUID.randomUUID();
    private final UUID appId = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(700000000L + (long) (Math.random() * 1e9));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        graph.resetFailures();
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    @Test
    void aMessageFoundSendingWhenDeliveredAgainIsParkedAndNotSentAgain() {
        double parkedBefore = count("whatsapp.replies", "outcome", "parked");
        String customer = customer();
        String wamid = "wamid.interrupted-" + UUID.randomUUID();
        UUID conversation = interruptedWhileSending(customer, wamid, "Your order ships today.");

        deliver(wamid, customer, "Where is my order?");

        await().atMost(Duration.ofSeconds(20)).until(() -> "parked".equals(column("status", wamid)));
        assertThat(column("last_error", wamid)).isEqualTo(ReplyService.PARKED_REASON);
        assertThat(column("message", wamid)).as("kept for an operator's retry").contains(wamid);
        assertThat(count("whatsapp.replies", "outcome", "parked")).isEqualTo(parkedBefore + 1);
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_CONVERSATION_MESSAGES)) {
            var parked = lastState(reader, appId + ":" + wamid, "parked");
            assertThat(parked.errorText()).contains("may or may not have received the reply");
            assertThat(parked.conversationId()).isEqualTo(conversation);
            assertThat(parked.direction()).isEqualTo("inbound");
        }
        // A third delivery changes nothing: parked waits for an operator.
        deliver(wamid, customer, "Where is my order?");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).isEmpty()
                && "parked".equals(column("status", wamid)));
        assertThat(gateway.requests()).as("no model call").isEmpty();
    }

    /**
     * The worker's database drops every connection and refuses new ones just as WhatsApp accepts
     * a reply, and comes back 3 s later: the reply may be with the customer, so the message ends
     * replied or parked, never answered a second time and never left failed (the fault suite's
     * database case, on one reply).
     */
    @Test
    void theDatabaseLostJustAsWhatsAppAcceptsTheReplySendsItOnceAndLosesNothing() throws Exception {
        String customer = customer();
        String wamid = "wamid.cut-" + UUID.randomUUID();
        gateway.thenAnswer(text("Your parcel left this morning."));
        graph.holdAnswers();
        String database = datasourceUrl.substring(datasourceUrl.lastIndexOf('/') + 1);
        try {
            deliver(wamid, customer, "Where is my parcel?");
            await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
            PostgresAdmin.closeDatabase(database);
            graph.releaseAnswers();
            Thread.sleep(3_000);
        } finally {
            graph.releaseAnswers();
            PostgresAdmin.reopenDatabase(database);
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> List.of("replied", "parked").contains(column("status", wamid)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sentTo(customer).size() == 1
                && List.of("replied", "parked").contains(column("status", wamid)));
        // Ready again without a restart. The JDBC pool (Flyway's) may still hold a connection the
        // cut killed: its health check reports one failed validation, drops it and is up at the next.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aMessageFoundSendingWhoseEveryPartWhatsAppAcceptedIsFinishedAsReplied() {
        String customer = customer();
        String wamid = "wamid.all-sent-" + UUID.randomUUID();
        UUID conversation = interruptedWhileSending(customer, wamid, LONG_REPLY);
        accepted(conversation, wamid, 0, "wamid.out.first-" + UUID.randomUUID());
        accepted(conversation, wamid, 1, "wamid.out.second-" + UUID.randomUUID());

        deliver(wamid, customer, "tell me everything");

        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        assertThat(sentTo(customer)).isEmpty();
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_CONVERSATION_MESSAGES)) {
            assertThat(lastState(reader, appId + ":" + wamid, "replied").errorText()).isNull();
        }
        // The reply is in the history under its first part's id, so a customer's reply to it can be quoted.
        assertThat(outboundBodies(conversation)).containsExactly(LONG_REPLY);
    }

    @Test
    void anOperatorsRetrySendsTheRecordedReplyOnceEvenWhenAskedTwice() {
        String customer = customer();
        String wamid = "wamid.retry-" + UUID.randomUUID();
        UUID conversation = parked(customer, wamid, "Your order ships today.");

        act(org, appId, conversation, wamid, Action.RETRY);
        act(org, appId, conversation, wamid, Action.RETRY);

        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(customer).size() == 1);
        assertThat(sentTo(customer).get(0).text()).isEqualTo("Your order ships today.");
        assertThat(gateway.requests()).as("the recorded reply, no new answer").isEmpty();
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_CONVERSATION_MESSAGES)) {
            lastState(reader, appId + ":" + wamid, "sending");
            lastState(reader, appId + ":" + wamid, "replied");
        }
    }

    @Test
    void aRetrySendsOnlyThePartsWhatsAppHasNotAccepted() {
        String customer = customer();
        String wamid = "wamid.half-sent-" + UUID.randomUUID();
        UUID conversation = interruptedWhileSending(customer, wamid, LONG_REPLY);
        String first = "wamid.out.first-" + UUID.randomUUID();
        accepted(conversation, wamid, 0, first);
        deliver(wamid, customer, "tell me everything");
        await().atMost(Duration.ofSeconds(20)).until(() -> "parked".equals(column("status", wamid)));
        assertThat(column("last_error", wamid)).contains("1 of 2 parts accepted");

        act(org, appId, conversation, wamid, Action.RETRY);

        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        assertThat(sentTo(customer)).hasSize(1);
        List<String> parts = GraphApiClient.split(LONG_REPLY, 4096);
        assertThat(sentTo(customer).get(0).text()).isEqualTo(parts.get(1));
        assertThat(outboundBodies(conversation)).containsExactly(LONG_REPLY);
    }

    @Test
    void aRetryOfAFailedMessageWithoutARecordedReplyAnswersItAnew() {
        // The gateway is down for every attempt (3 in tests): failed, and dead-lettered.
        gateway.thenAnswer(ScriptedUpstream.error(503, "down")).thenAnswer(ScriptedUpstream.error(503, "down"))
                .thenAnswer(ScriptedUpstream.error(503, "down"));
        String customer = customer();
        String wamid = "wamid.failed-" + UUID.randomUUID();
        deliver(wamid, customer, "Are you open on Sunday?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(column("status", wamid)));
        assertThat(column("reply", wamid)).isNull();
        UUID conversation = UUID.fromString(column("conversation_id", wamid));

        gateway.thenAnswer(text("Yes, from 10 to 4."));
        act(org, appId, conversation, wamid, Action.RETRY);

        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        assertThat(sentTo(customer)).extracting(FakeGraphApi.Sent::text).containsExactly("Yes, from 10 to 4.");
    }

    @Test
    void markFailedRecordsTheOperatorsReasonAndSendsNothing() {
        String customer = customer();
        String wamid = "wamid.give-up-" + UUID.randomUUID();
        UUID conversation = parked(customer, wamid, "Your order ships today.");

        act(org, appId, conversation, wamid, Action.MARK_FAILED);

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(column("status", wamid)));
        assertThat(column("last_error", wamid)).isEqualTo("marked failed by an operator");
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_CONVERSATION_MESSAGES)) {
            assertThat(lastState(reader, appId + ":" + wamid, "failed").errorText()).isEqualTo("marked failed by an operator");
        }
        assertThat(sentTo(customer)).isEmpty();

        // A failed message can still be retried.
        act(org, appId, conversation, wamid, Action.RETRY);
        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        assertThat(sentTo(customer)).extracting(FakeGraphApi.Sent::text).containsExactly("Your order ships today.");
    }

    @Test
    void aCommandNamingAnotherAppOrganisationOrConversationIsIgnored() {
        UUID otherOrg = UUID.randomUUID();
        UUID otherApp = UUID.randomUUID();
        WhatsAppFixtures.publishApp(otherOrg, otherApp, Long.toString(Long.parseLong(phoneNumberId) + 1), List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(otherApp).isPresent());
        String customer = customer();
        String wamid = "wamid.not-yours-" + UUID.randomUUID();
        UUID conversation = parked(customer, wamid, "Your order ships today.");
        double unknownMessage = count("whatsapp.operator.actions", "action", "retry", "outcome", "ignored_unknown_message");
        double unknownApp = count("whatsapp.operator.actions", "action", "retry", "outcome", "ignored_unknown_app");

        // Another organisation's app naming this message; this app under another organisation;
        // this app and message under another conversation.
        act(otherOrg, otherApp, conversation, wamid, Action.RETRY);
        act(otherOrg, appId, conversation, wamid, Action.RETRY);
        act(org, appId, UUID.randomUUID(), wamid, Action.RETRY);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("whatsapp.operator.actions", "action", "retry", "outcome", "ignored_unknown_message") == unknownMessage + 2
                        && count("whatsapp.operator.actions", "action", "retry", "outcome", "ignored_unknown_app") == unknownApp + 1);
        assertThat(column("status", wamid)).isEqualTo("parked");
        assertThat(sentTo(customer)).isEmpty();
    }

    /** A parked message: interrupted while sending, then delivered again. */
    private UUID parked(String customer, String wamid, String reply) {
        UUID conversation = interruptedWhileSending(customer, wamid, reply);
        deliver(wamid, customer, "Where is my order?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "parked".equals(column("status", wamid)));
        return conversation;
    }

    /**
     * What a worker stopped during the send leaves: the conversation, the customer's message and
     * its recorded reply with status {@code sending} (as {@code recordSending} writes them).
     */
    private UUID interruptedWhileSending(String customer, String wamid, String reply) {
        UUID conversation = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        sql("insert into conversations (id, organization_id, app_id, customer_wa_id, created_at, updated_at)"
                + " values ($1, $2, $3, $4, $5, $5)", Tuple.of(conversation, org, appId, customer, now));
        sql("insert into conversation_messages (conversation_id, direction, wamid, body, created_at)"
                + " values ($1, 'inbound', $2, 'Where is my order?', $3)", Tuple.of(conversation, wamid, now));
        sql("insert into inbound_messages (app_id, wamid, conversation_id, status, reply, updated_at)"
                + " values ($1, $2, $3, 'sending', $4, $5)", Tuple.of(appId, wamid, conversation, reply, now));
        return conversation;
    }

    /** A part WhatsApp accepted before the stop, as {@code recordOutbound} writes it. */
    private void accepted(UUID conversation, String inboundWamid, int part, String outboundWamid) {
        sql("insert into outbound_messages (app_id, wamid, conversation_id, inbound_wamid, part, status, body, created_at)"
                + " values ($1, $2, $3, $4, $5, 'accepted', $6, $7)", Tuple.tuple(List.of(appId, outboundWamid, conversation,
                        inboundWamid, part, GraphApiClient.split(LONG_REPLY, 4096).get(part), OffsetDateTime.now(ZoneOffset.UTC))));
    }

    private void act(UUID organization, UUID app, UUID conversation, String wamid, Action action) {
        var command = new WhatsAppOperatorActionEvent(WhatsAppOperatorActionEvent.SCHEMA_VERSION, UUID.randomUUID(),
                java.time.Instant.now(), organization, app, conversation, wamid, action, "operator@example.com");
        TopicWriter.send(Topics.WHATSAPP_OPERATOR_ACTIONS, command.key(), command);
    }

    /** The customer's message, signed and posted to the webhook as WhatsApp delivers (and redelivers) it. */
    private void deliver(String wamid, String from, String text) {
        String body = WebhookSignatures.textDelivery(phoneNumberId, from, wamid, text);
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);
    }

    private static WhatsAppConversationMessageEvent lastState(TopicReader reader, String key, String status) {
        return reader.await(r -> key.equals(r.key()) && r.value() != null && r.value().contains("\"status\":\"" + status + "\""), 1,
                Duration.ofSeconds(20)).stream()
                .map(r -> EventJson.read(r.value(), WhatsAppConversationMessageEvent.class))
                .reduce((a, b) -> b).orElseThrow();
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> outboundBodies(UUID conversation) {
        List<String> bodies = new java.util.ArrayList<>();
        pool.preparedQuery("select body from conversation_messages where conversation_id = $1 and direction = 'outbound'")
                .execute(Tuple.of(conversation)).await().atMost(Duration.ofSeconds(5)).forEach(row -> bodies.add(row.getString(0)));
        return bodies;
    }

    private String column(String column, String wamid) {
        var rows = pool.preparedQuery("select " + column + "::text from inbound_messages where app_id = $1 and wamid = $2")
                .execute(Tuple.of(appId, wamid)).await().atMost(Duration.ofSeconds(5));
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        return row == null ? null : row.getString(0);
    }

    private void sql(String statement, Tuple arguments) {
        pool.preparedQuery(statement).execute(arguments).await().atMost(Duration.ofSeconds(5));
    }

    private List<FakeGraphApi.Sent> sentTo(String phone) {
        return graph.sent().stream().filter(s -> s.to().equals(phone)).toList();
    }

    private static String customer() {
        return "1555" + (3000000000L + (long) (Math.random() * 1e9));
    }
}
