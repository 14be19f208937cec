package ai.crafted.whatsapp.reply;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

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

@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class WhatsAppReplyTest {

    private static final String SECRET = WhatsAppFixtures.APP_SECRET;
    private static final String VERIFY = WhatsAppFixtures.VERIFY_TOKEN;

    @Inject
    AppRegistry apps;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID org = UUID.randomUUID();
    private final UUID appId = UUID.randomUUID();
    private final UUID selectedPlugin = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(100000000L + (long) (Math.random() * 1e9));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        publishApp(List.of(selectedPlugin));
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    @Test
    void theVerificationHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", VERIFY)
                .queryParam("hub.challenge", "1158201444").get("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200).body(equalTo("1158201444"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong")
                .queryParam("hub.challenge", "1158201444").get("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(403);
    }

    @Test
    void everyRefusalIsAJsonErrorAndOtherMethodsAre405() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong").queryParam("hub.challenge", "1")
                .get("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(403).contentType("application/json").body("error.code", equalTo("verification_failed"));
        // A duplicated parameter is refused, whichever value comes first.
        given().queryParam("hub.mode", "subscribe", "x").queryParam("hub.verify_token", VERIFY).queryParam("hub.challenge", "1")
                .get("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"));
        given().contentType("application/json").body("{}").post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(401).contentType("application/json").body("error.code", equalTo("invalid_signature"));
        String notADelivery = "[1,2";
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(notADelivery, SECRET)).contentType("application/json")
                .body(notADelivery).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(400).body("error.code", equalTo("invalid_payload"));
        for (String method : new String[] {"PUT", "PATCH", "DELETE"}) {
            given().request(method, "/webhooks/whatsapp/{app}", appId)
                    .then().statusCode(405).header("Allow", "GET, POST").body("error.code", equalTo("method_not_allowed"));
        }
        given().get("/webhooks/other").then().statusCode(404).contentType("application/json")
                .body("error.code", equalTo("not_found"));
        // No app id is no webhook: 404, not a 405 that names GET and POST for a GET.
        for (String path : new String[] {"/webhooks/whatsapp/", "/webhooks/whatsapp//", "/webhooks/whatsapp/" + appId + "/x"}) {
            given().get(path).then().statusCode(404).body("error.code", equalTo("not_found"));
        }
        // A form body (over Vert.x's 2 KiB form-field limit, or multipart) is 415 before it is decoded, not a bare 500.
        given().contentType("application/x-www-form-urlencoded").body("x=" + "y".repeat(4096))
                .post("/webhooks/whatsapp/{app}", appId).then().statusCode(415).contentType("application/json")
                .body("error.code", equalTo("unsupported_media_type"));
        given().config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("multipart/form-data", io.restassured.http.ContentType.TEXT)))
                .contentType("multipart/form-data; boundary=b").body("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "y".repeat(4096) + "\r\n--b--\r\n").post("/webhooks/whatsapp/{app}", appId).then().statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"));
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void aBadSignatureIsRefusedAndNothingIsAnswered() {
        String body = textMessage("wamid.bad-" + UUID.randomUUID(), "15550001111", "hello");
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, "not-the-secret"))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(401);
        given().contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId).then().statusCode(401);
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void aSignedMessageGetsExactlyOneReplyEvenWhenDeliveredTwice() {
        gateway.thenAnswer(text("Hi! Your order ships tomorrow."));
        String from = "15550002222";
        String body = textMessage("wamid.dup-" + UUID.randomUUID(), from, "Where is my order?");

        post(body);
        post(body);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(from).size() == 1);
        FakeGraphApi.Sent reply = sentTo(from).get(0);
        assertThat(reply.text()).isEqualTo("Hi! Your order ships tomorrow.");
        assertThat(reply.path()).isEqualTo("/v21.0/" + phoneNumberId + "/messages");
        assertThat(reply.authorization()).isEqualTo("Bearer access-token-123");
        assertThat(reply.body().path("messaging_product").asText()).isEqualTo("whatsapp");
        var request = gateway.requests().get(0);
        assertThat(request.path("model").asText()).isEqualTo("gpt-test");
        assertThat(request.path("plugins").get(0).asText()).isEqualTo(selectedPlugin.toString());
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("You help customers.");
        // Give a redelivery time to (wrongly) produce a second reply before concluding.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(from).size() == 1);
    }

    @Test
    void theSameMessageIdAtAnotherOrganisationsAppIsANewMessageThereAndIsAnswered() {
        UUID otherApp = UUID.randomUUID();
        String otherPhone = Long.toString(Long.parseLong(phoneNumberId) + 1);
        WhatsAppFixtures.publishApp(UUID.randomUUID(), otherApp, otherPhone, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(otherApp).isPresent());
        gateway.thenAnswer(text("answer of the first app")).thenAnswer(text("answer of the second app"));
        String wamid = "wamid.shared-" + UUID.randomUUID();
        String from = "15550008888";

        post(textMessage(wamid, from, "hello first"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(from).size() == 1);
        post(otherApp, textMessage(otherPhone, wamid, from, "hello second"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(from).size() == 2);
        assertThat(sentTo(from)).extracting(FakeGraphApi.Sent::path)
                .containsExactly("/v21.0/" + phoneNumberId + "/messages", "/v21.0/" + otherPhone + "/messages");
        assertThat(sentTo(from)).extracting(FakeGraphApi.Sent::text)
                .containsExactly("answer of the first app", "answer of the second app");
    }

    @Test
    void aGatewayThatIsDownThenUpStillGetsTheMessageAnsweredOnce() {
        gateway.thenAnswer(ScriptedUpstream.error(503, "gateway restarting"))
                .thenAnswer(ScriptedUpstream.error(503, "gateway restarting"))
                .thenAnswer(text("Back again, here is your answer."));
        String from = "15550003333";

        post(textMessage("wamid.retry-" + UUID.randomUUID(), from, "hello?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(from).size() == 1);
        assertThat(sentTo(from).get(0).text()).isEqualTo("Back again, here is your answer.");
    }

    @Test
    void aGraphApiFailingPastTheRetryLimitSendsTheMessageToTheDeadLetterTopic() {
        gateway.thenAnswer(text("never delivered"));
        graph.failNext(3);
        String wamid = "wamid.dlq-" + UUID.randomUUID();

        post(textMessage(wamid, "15550004444", "hello"));

        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_INBOUND + ".whatsapp-worker.dlq")) {
            var record = reader.await(r -> r.value() != null && r.value().contains(wamid), 1, Duration.ofSeconds(30)).get(0);
            String reason = new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertThat(reason).contains("Graph API answered HTTP 500");
        }
        assertThat(sentTo("15550004444")).isEmpty();
    }

    @Test
    void aLongReplyIsSplitWithinWhatsAppsLimit() {
        gateway.thenAnswer(text("word ".repeat(1500).trim()));
        String from = "15550006666";

        post(textMessage("wamid.long-" + UUID.randomUUID(), from, "tell me everything"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(from).size() == 2);
        assertThat(sentTo(from)).allSatisfy(s -> assertThat(s.text().length()).isLessThanOrEqualTo(4096));
        assertThat(sentTo(from).get(0).text() + " " + sentTo(from).get(1).text()).isEqualTo("word ".repeat(1500).trim());
    }

    @Test
    void statusCallbacksAreAcknowledgedAndNotAnswered() {
        post("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"statuses\":[{\"id\":\"wamid.out.1\",\"status\":\"delivered\",\"recipient_id\":\"15550007777\"}]}}]}]}");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sentTo("15550007777").isEmpty());
        assertThat(gateway.requests()).isEmpty();
    }

    private void post(String body) {
        post(appId, body);
    }

    private void post(UUID app, String body) {
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", app)
                .then().statusCode(200);
    }

    private List<FakeGraphApi.Sent> sentTo(String to) {
        return graph.sent().stream().filter(s -> s.to().equals(to)).toList();
    }

    private String textMessage(String wamid, String from, String text) {
        return textMessage(phoneNumberId, wamid, from, text);
    }

    private String textMessage(String toPhoneNumberId, String wamid, String from, String text) {
        return envelope(toPhoneNumberId, "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond() + "\","
                + "\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}");
    }

    private String envelope(String message) {
        return envelope(phoneNumberId, message);
    }

    private String envelope(String toPhoneNumberId, String message) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550000000\","
                + "\"phone_number_id\":\"" + toPhoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kim\"}}],"
                + "\"messages\":[" + message + "]}}]}]}";
    }

    private void publishApp(List<UUID> plugins) {
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, plugins);
    }
}
