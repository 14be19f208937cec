package ai.crafted.whatsapp.reply;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.events.Topics;
import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * The Graph API's documented send errors, answered by the fake Graph API, handled by kind
 * end to end (test profile: 3 attempts, 0.1–0.3 s backoff; pacing 2 messages at once, then one
 * per 0.4 s): refusals are not retried and recorded with Meta's code, transient errors and rate
 * limits are retried, an expired token stops the app's replies without model calls until the
 * app is changed, and a burst to one customer is paced.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class WhatsAppGraphErrorsTest {

    @Inject
    AppRegistry apps;

    @Inject
    Pool pool;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID org = UUID.randomUUID();
    private final UUID appId = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(500000000L + (long) (Math.random() * 1e9));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        graph.resetFailures();
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "131047, Re-engagement message",
            "131026, Message undeliverable",
            "131051, Unsupported message type",
            "100, Invalid parameter",
            "131062, Business-scoped User ID recipients are not supported for this message"})
    void aRefusalIsNotRetriedAndIsRecordedWithItsCode(int code, String title) {
        String customer = customer();
        String wamid = "wamid.refused-" + UUID.randomUUID();
        graph.refuseNext(400, code, title);
        int attempts = graph.attempts();

        post(wamid, customer, "hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> "undeliverable".equals(column("status", wamid)));
        assertThat(graph.attempts() - attempts).isEqualTo(1);
        assertThat(column("error_code", wamid)).isEqualTo(Integer.toString(code));
        assertThat(column("last_error", wamid)).contains("error " + code).contains(title);
        // A redelivery of the customer's message does not try again.
        post(wamid, customer, "hello");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> graph.attempts() - attempts == 1);
        assertThat(gateway.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500, 131000, Something went wrong", "503, 2, Service temporarily unavailable",
            "400, 130429, Rate limit hit", "400, 131048, Spam rate limit hit"})
    void transientErrorsAndRateLimitsAreRetried(int status, int code, String title) {
        String customer = customer();
        graph.refuseNext(status, code, title);

        post("wamid.retried-" + UUID.randomUUID(), customer, "hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
    }

    @Test
    void aPairRateLimitWaitsAFullPacingIntervalBeforeTheNextTry() {
        String customer = customer();
        graph.refuseNext(400, 131056, "(Business Account, Consumer Account) pair rate limit hit");
        long before = System.nanoTime();

        post("wamid.pair-" + UUID.randomUUID(), customer, "hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
        assertThat(Duration.ofNanos(sentTo(customer).get(0).receivedNanos() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aBurstToOneCustomerIsPacedAfterTheAllowedBurst() {
        String customer = customer();
        long before = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            post("wamid.burst-" + i + "-" + UUID.randomUUID(), customer, "question " + i);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 4);
        List<Long> at = sentTo(customer).stream().map(FakeGraphApi.Sent::receivedNanos).toList();
        // Two at once, then one per 0.4 s from the first intake (which is after "before"): the fourth
        // arrives at least 0.8 s after the burst was posted. Measured from the first *arrival* instead,
        // the first send's own delay was subtracted and a loaded run saw 0.789 s.
        assertThat(Duration.ofNanos(at.get(3) - before)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void anExpiredTokenStopsTheAppsRepliesWithoutModelCallsUntilTheAppIsChanged() {
        String customer = customer();
        String first = "wamid.token-" + UUID.randomUUID();
        graph.refuseNext(401, 190, "Error validating access token: Session has expired");

        post(first, customer, "hello");
        await().atMost(Duration.ofSeconds(20)).until(() -> "190".equals(column("error_code", first)));
        assertThat(gateway.requests()).hasSize(1);

        String second = "wamid.blocked-" + UUID.randomUUID();
        post(second, customer, "anyone there?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "skipped".equals(column("status", second)));
        assertThat(column("last_error", second)).contains("the app needs attention").contains("190");
        assertThat(gateway.requests()).hasSize(1); // no model call for a reply that cannot be sent
        // The control panel is told, once, for this version of the app.
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_HEALTH)) {
            var health = ai.crafted.events.EventJson.read(reader.awaitForKey(appId.toString(), 1, Duration.ofSeconds(20)).get(0).value(),
                    ai.crafted.events.WhatsAppAppHealthEvent.class);
            assertThat(health.errorCode()).isEqualTo(190);
            assertThat(health.appVersion()).isZero();
            assertThat(health.organizationId()).isEqualTo(org);
            assertThat(health.reason()).contains("Session has expired").doesNotContain("access-token-123");
        }

        // Once the recheck interval (5 s here) has passed, the next message is tried again.
        String retried = "wamid.recheck-" + UUID.randomUUID();
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        graph.refuseNext(401, 190, "Error validating access token: Session has expired");
        post(retried, customer, "still there?");
        await().atMost(Duration.ofSeconds(20)).until(() -> "190".equals(column("error_code", retried)));
        assertThat(gateway.requests()).hasSize(2);

        // A new access token (a new version of the app) lifts it.
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, List.of(), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).map(a -> a.version() == 1).orElse(false));
        gateway.thenAnswer(text("Back online."));
        post("wamid.fixed-" + UUID.randomUUID(), customer, "hello again");
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 1);
        assertThat(sentTo(customer).get(0).text()).isEqualTo("Back online.");
        // and the control panel hears that version 1 is fine.
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_HEALTH)) {
            var words = reader.awaitForKey(appId.toString(), 2, Duration.ofSeconds(20)).stream()
                    .map(r -> ai.crafted.events.EventJson.read(r.value(), ai.crafted.events.WhatsAppAppHealthEvent.class)).toList();
            assertThat(words).anySatisfy(w -> {
                assertThat(w.status()).isEqualTo("ok");
                assertThat(w.appVersion()).isEqualTo(1);
            });
        }
    }

    @Test
    void aTokenEchoedInAnErrorIsNeverStoredOrPublished() {
        String wamid = "wamid.echo-" + UUID.randomUUID();
        graph.refuseNext(400, 190, "Malformed access token EAAGm0PX4ZCpsBAKZCl9ZCZAZC and access-token-123");

        post(wamid, customer(), "hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> "190".equals(column("error_code", wamid)));
        assertThat(column("last_error", wamid)).contains("Malformed access token").doesNotContain("EAAGm0PX4ZCpsBAKZCl9ZCZAZC")
                .doesNotContain("access-token-123");
    }

    @Test
    void aReplyWhoseSecondPartIsRefusedKeepsWhatWasSentAndIsNotSentAgain() {
        String customer = customer();
        String wamid = "wamid.partly-" + UUID.randomUUID();
        gateway.thenAnswer(text("word ".repeat(1000).trim())); // two parts
        graph.acceptNext().refuseNext(400, 131026, "Message undeliverable");

        post(wamid, customer, "tell me everything");

        await().atMost(Duration.ofSeconds(20)).until(() -> "replied".equals(column("status", wamid)));
        assertThat(sentTo(customer)).hasSize(1);
        post(wamid, customer, "tell me everything"); // a redelivery
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(customer).size() == 1);
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void aTransientErrorPastTheRetriesStillGoesToTheDeadLetterTopicWithItsCode() {
        String wamid = "wamid.dlq-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            graph.refuseNext(500, 131000, "Something went wrong");
        }

        post(wamid, customer(), "hello");

        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_INBOUND + ".whatsapp-worker.dlq")) {
            var record = reader.await(r -> r.value() != null && r.value().contains(wamid), 1, Duration.ofSeconds(30)).get(0);
            assertThat(new String(record.headers().lastHeader("dead-letter-reason").value())).contains("error 131000");
        }
        assertThat(column("error_code", wamid)).isEqualTo("131000");
    }

    @Test
    void deliveryStatusesAreStoredPerSentPartOnlyMovingForwardAndFailuresKeepTheirCode() {
        String customer = customer();
        gateway.thenAnswer(text("word ".repeat(1000).trim())); // two parts
        String inbound = "wamid.status-" + UUID.randomUUID();
        post(inbound, customer, "tell me everything");
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer).size() == 2 && outbound(inbound).size() == 2);
        List<Row> parts = outbound(inbound);
        String first = parts.get(0).getString("wamid");
        String second = parts.get(1).getString("wamid");
        assertThat(parts).extracting(r -> r.getString("status")).containsExactly("accepted", "accepted");

        // Out of order and repeated, one delivery each (each is stored before the webhook answers):
        // read, then sent, then delivered again; the second part fails; another system's message.
        postStatuses(status(first, "read", null));
        postStatuses(status(first, "sent", null));
        postStatuses(status(first, "delivered", null) + "," + status("wamid.someone-else", "delivered", null));
        postStatuses(status(second, "failed", "{\"code\":131049,\"title\":\"This message was not delivered to maintain"
                + " healthy ecosystem engagement.\"}"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(outbound(inbound).get(1).getString("status")));
        assertThat(outbound(inbound).get(0).getString("status")).isEqualTo("read");
        assertThat(outbound(inbound).get(1).getInteger("error_code")).isEqualTo(131049);
        assertThat(outbound(inbound).get(1).getString("error_title")).contains("healthy ecosystem");
        assertThat(outbound(inbound)).extracting(r -> r.getInteger("part")).containsExactly(0, 1);
        // The conversation view hears each move: the customer's message replied, each part's latest status.
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_CONVERSATION_MESSAGES)) {
            var failed = lastState(reader, appId + ":" + second, "failed");
            assertThat(failed.errorCode()).isEqualTo(131049);
            assertThat(failed.inboundWamid()).isEqualTo(inbound);
            assertThat(failed.part()).isEqualTo(1);
            assertThat(failed.customer()).isEqualTo(customer);
            assertThat(failed.text()).startsWith("word ");
            assertThat(lastState(reader, appId + ":" + first, "read").direction()).isEqualTo("outbound");
            assertThat(lastState(reader, appId + ":" + inbound, "replied").text()).isEqualTo("tell me everything");
        }
    }

    /** Waits for a conversation-view record of this key with this status and returns it. */
    private static ai.crafted.events.WhatsAppConversationMessageEvent lastState(TopicReader reader, String key, String status) {
        return reader.await(r -> key.equals(r.key()) && r.value() != null && r.value().contains("\"status\":\"" + status + "\""), 1,
                Duration.ofSeconds(20)).stream()
                .map(r -> ai.crafted.events.EventJson.read(r.value(), ai.crafted.events.WhatsAppConversationMessageEvent.class))
                .reduce((a, b) -> b).orElseThrow();
    }

    private List<Row> outbound(String inboundWamid) {
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery("select wamid, status, error_code, error_title, part from outbound_messages"
                + " where app_id = $1 and inbound_wamid = $2 order by part")
                .execute(Tuple.of(appId, inboundWamid)).await().atMost(Duration.ofSeconds(5)).forEach(rows::add);
        return rows;
    }

    private static String status(String wamid, String status, String error) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond()
                + "\",\"recipient_id\":\"15550000000\"" + (error == null ? "" : ",\"errors\":[" + error + "]") + "}";
    }

    private void postStatuses(String statuses) {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"statuses\":[" + statuses + "]}}]}]}";
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);
    }

    private static String customer() {
        return "1555" + (2000000000L + (long) (Math.random() * 1e9));
    }

    private void post(String wamid, String from, String text) {
        String body = WebhookSignatures.textDelivery(phoneNumberId, from, wamid, text);
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);
    }

    private List<FakeGraphApi.Sent> sentTo(String phone) {
        return graph.sent().stream().filter(s -> s.to().equals(phone)).toList();
    }

    private String column(String column, String wamid) {
        var rows = pool.preparedQuery("select " + column + "::text from inbound_messages where app_id = $1 and wamid = $2")
                .execute(Tuple.of(appId, wamid)).await().atMost(Duration.ofSeconds(5));
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        return row == null ? null : row.getString(0);
    }
}
