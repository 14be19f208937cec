package ai.crafted.whatsapp.reply;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * Real Cloud API deliveries, one file per documented message type and edge case
 * ({@code src/test/resources/webhook-corpus/}, written from Meta's webhook reference with made-up
 * people), signed and posted to the running worker: what the model reads for each type, which
 * messages are deliberately not answered, customers known only by a business-scoped user id,
 * a delivery for another phone number, replies to earlier messages, and the 24-hour window.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class WhatsAppMessageTypesTest {

    @Inject
    AppRegistry apps;

    @Inject
    Pool pool;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID appId = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(300000000L + (long) (Math.random() * 1e9));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        WhatsAppFixtures.publishApp(UUID.randomUUID(), appId, phoneNumberId, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    static Stream<Arguments> readByTheModel() {
        return Stream.of(
                arguments("text", "Where is my order 4471?"),
                arguments("image-with-caption", "[image] Is this the right spare part?"),
                arguments("image-without-caption", "[image without a caption]"),
                arguments("video-with-caption", "[video] The noise my bike makes"),
                arguments("document", "[document: invoice-4471.pdf] Please check this invoice"),
                arguments("audio-voice", "[voice message]"),
                arguments("sticker", "[sticker]"),
                arguments("location", "[location: 52.520008, 13.404954 — Alexanderplatz — Alexanderplatz 1, 10178 Berlin]"),
                arguments("contacts", "[shared contact: Jana Novak (+420 601 123 456)]"),
                arguments("interactive-button-reply", "[replying to an earlier message] [tapped: Track my order]"),
                arguments("interactive-list-reply", "[chose: Returns — Send an item back]"),
                arguments("button-quick-reply", "[tapped: Talk to a person]"),
                arguments("order", "[order: 2 × SKU-123 (19.99 EUR)] Please deliver on Friday"),
                arguments("forwarded", "[forwarded] Is this offer real?"),
                arguments("referral-from-ad", "[came from an ad: Spring sale — 20% off all bikes — https://example.com/spring-sale]"
                        + " Is the offer still on?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readByTheModel")
    void eachMessageTypeReachesTheModelAsText(String file, String modelInput) {
        Customer customer = Customer.random();

        post(file, customer, Instant.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);
        assertThat(lastUserMessages()).contains(modelInput);
        assertThat(sentTo(customer.phone()).get(0).text()).isEqualTo("done");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reaction", "reaction-removed", "system-user-changed-number", "no-customer-id", "foreign-phone-number-id"})
    void whatIsNotAQuestionOrNotForThisAppIsAcknowledgedAndNeverAnswered(String file) {
        Customer customer = Customer.random();

        post(file, customer, Instant.now());
        // The same customer's next message is answered: anything the first one caused came before it.
        post("text", customer, Instant.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(customer.phone()).size() == 1);
        assertThat(lastUserMessages()).containsExactly("Where is my order 4471?");
        assertThat(gateway.requests()).singleElement().satisfies(r -> assertThat(r.path("messages")).hasSize(2));
        assertThat(sentTo("15550009999")).isEmpty(); // the changed number of the system notice
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unsupported", "unknown-type"})
    void anUnsupportedTypeGetsThePoliteReplyWithoutAModelCall(String file) {
        Customer customer = Customer.random();

        post(file, customer, Instant.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);
        assertThat(sentTo(customer.phone()).get(0).text()).contains("cannot read this kind of message");
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void usersWithoutAPhoneNumberAreKeptApartAndAnsweredByTheirUserId() {
        Customer first = Customer.random();
        Customer second = Customer.random();
        gateway.then(request -> ScriptedUpstream.text("first's answer")).then(request -> ScriptedUpstream.text("second's answer"));

        post("username-only", first, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentToUser(first.userId()).size() == 1);
        post("username-only-in-contacts", second, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentToUser(second.userId()).size() == 1);

        assertThat(sentToUser(first.userId()).get(0).text()).isEqualTo("first's answer");
        assertThat(sentToUser(first.userId()).get(0).to()).isEmpty();
        assertThat(sentToUser(second.userId()).get(0).text()).isEqualTo("second's answer");
        // The second user's model call holds nothing of the first user's conversation.
        JsonNode secondCall = gateway.requests().get(1);
        assertThat(secondCall.toString()).doesNotContain("5522").doesNotContain("first's answer");
        assertThat(conversationsOf(first.userId())).isEqualTo(1);
        assertThat(conversationsOf(second.userId())).isEqualTo(1);
    }

    @Test
    void aCustomerFirstKnownByPhoneThenOnlyByUserIdStaysInOneConversation() {
        Customer customer = Customer.random();
        gateway.then(request -> ScriptedUpstream.text("Order 4471 ships tomorrow."));
        post("text", customer, Instant.now()); // phone number and user id
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);

        post("username-only", customer, Instant.now()); // the phone number withheld now
        await().atMost(Duration.ofSeconds(20)).until(() -> sentToUser(customer.userId()).size() == 1);

        assertThat(gateway.requests().get(1).toString()).contains("Where is my order 4471?").contains("Order 4471 ships tomorrow.");
        assertThat(conversationsOf(customer.userId())).isEqualTo(1);
    }

    @Test
    void aRecycledPhoneNumberWithANewUserIdNeverSeesThePreviousOwnersHistory() {
        Customer previousOwner = Customer.random();
        Customer newOwner = new Customer(previousOwner.phone(), Customer.random().userId());
        gateway.then(request -> ScriptedUpstream.text("Order 4471 ships tomorrow."));
        post("text", previousOwner, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(previousOwner.phone()).size() == 1);

        post("referral-from-ad", newOwner, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(newOwner.phone()).size() == 2);

        JsonNode newOwnersCall = gateway.requests().get(1);
        assertThat(newOwnersCall.toString()).doesNotContain("4471");
        assertThat(newOwnersCall.path("messages")).hasSize(2); // the system prompt and the new message
        assertThat(conversationsOf(previousOwner.userId())).isEqualTo(1);
        assertThat(conversationsOf(newOwner.userId())).isEqualTo(1);
    }

    @Test
    void aReplyToAnEarlierMessageQuotesItForTheModelAndIsThreaded() {
        Customer customer = Customer.random();
        String first = "wamid.first-" + UUID.randomUUID();
        post(fill("text", customer, Instant.now(), first, ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);

        String second = "wamid.second-" + UUID.randomUUID();
        post(fill("reply-with-context", customer, Instant.now(), second, first));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 2);

        assertThat(lastUserMessages()).contains("[replying to: \"Where is my order 4471?\"] And when will it arrive?");
        assertThat(sentTo(customer.phone()).get(1).contextMessageId()).isEqualTo(second);
        assertThat(sentTo(customer.phone()).get(0).contextMessageId()).isEmpty();
    }

    @Test
    void aMessageOlderThanTheServiceWindowIsRecordedAndNotAnswered() {
        Customer customer = Customer.random();
        String wamid = "wamid.old-" + UUID.randomUUID();

        post(fill("text", customer, Instant.now().minus(Duration.ofHours(30)), wamid, ""));

        await().atMost(Duration.ofSeconds(20)).until(() -> "skipped".equals(status(wamid)));
        assertThat(lastError(wamid)).contains("outside the customer service window");
        assertThat(gateway.requests()).isEmpty();
        assertThat(sentTo(customer.phone())).isEmpty();

        // Inside the window (23 hours) it is answered.
        post(fill("text", customer, Instant.now().minus(Duration.ofHours(23)), "wamid.recent-" + UUID.randomUUID(), ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(customer.phone()).size() == 1);
    }

    /** Values an attack probe sent: each is answered or dropped and counted at the edge, never lost in the dead-letter topic. */
    @Test
    void oddValuesAreAnsweredOrDroppedAtTheEdgeNeverLostLater() throws Exception {
        // A NUL in the text (PostgreSQL text cannot hold it): answered without it.
        Customer nul = Customer.random();
        post(fill("text", nul, Instant.now(), "wamid.nul-" + UUID.randomUUID(), "").replace("Where is my order 4471?",
                "Where is my order\\u0000 4471?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(nul.phone()).size() == 1);
        assertThat(lastUserMessages()).contains("Where is my order 4471?");

        // A timestamp far in the future, or beyond what a date can hold: answered, ordered by arrival.
        for (String timestamp : List.of("9999999999999", "99999999999999999")) {
            Customer future = Customer.random();
            post(fill("text", future, Instant.now(), "wamid.future-" + UUID.randomUUID(), "").replaceAll("\"timestamp\": \"\\d+\"",
                    "\"timestamp\": \"" + timestamp + "\""));
            await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(future.phone()).size() == 1);
        }

        // contacts as an object, not an array: the message is still read.
        Customer odd = Customer.random();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(fill("text", odd, Instant.now(), "wamid.contacts-" + UUID.randomUUID(), ""));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/entry/0/changes/0/value")).putObject("contacts").put("wa_id", "1");
        post(tree.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(odd.phone()).size() == 1);

        // Ids longer than the worker can store: dropped at the webhook (counted), not failed later.
        int calls = gateway.requests().size();
        Customer longId = new Customer(Customer.random().phone(), "US." + "1".repeat(10_000));
        post(fill("username-only", longId, Instant.now(), "wamid.long-" + UUID.randomUUID(), ""));
        Customer after = Customer.random();
        post("text", after, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(after.phone()).size() == 1);
        assertThat(gateway.requests()).hasSize(calls + 1);
        assertThat(sentToUser(longId.userId())).isEmpty();
    }

    /** A made-up customer: a phone number and a business-scoped user id. */
    record Customer(String phone, String userId) {
        static Customer random() {
            long n = (long) (Math.random() * 1e9);
            return new Customer("1555" + (1000000000L + n), "US." + (10000000000000000L + n * 7919));
        }
    }

    private void post(String file, Customer customer, Instant sentAt) {
        post(fill(file, customer, sentAt, "wamid." + file + "-" + UUID.randomUUID(), "wamid.none"));
    }

    private void post(String body) {
        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);
    }

    private String fill(String file, Customer customer, Instant sentAt, String wamid, String contextWamid) {
        String template;
        try (InputStream in = getClass().getResourceAsStream("/webhook-corpus/" + file + ".json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no corpus file " + file, e);
        }
        for (var entry : Map.of("${PHONE_NUMBER_ID}", phoneNumberId, "${FROM}", customer.phone(), "${USER_ID}", customer.userId(),
                "${WAMID}", wamid, "${TIMESTAMP}", Long.toString(sentAt.getEpochSecond()), "${CONTEXT_WAMID}", contextWamid).entrySet()) {
            template = template.replace(entry.getKey(), entry.getValue());
        }
        return template;
    }

    /** The last user message of every model call so far. */
    private List<String> lastUserMessages() {
        return gateway.requests().stream().map(r -> r.path("messages").get(r.path("messages").size() - 1).path("content").asText())
                .toList();
    }

    private List<FakeGraphApi.Sent> sentTo(String phone) {
        return graph.sent().stream().filter(s -> s.to().equals(phone)).toList();
    }

    private List<FakeGraphApi.Sent> sentToUser(String userId) {
        return graph.sent().stream().filter(s -> s.recipient().equals(userId)).toList();
    }

    private long conversationsOf(String userId) {
        return pool.preparedQuery("select count(*) from conversations where app_id = $1 and customer_user_id = $2")
                .execute(Tuple.of(appId, userId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private String status(String wamid) {
        return column("status", wamid);
    }

    private String lastError(String wamid) {
        return column("last_error", wamid);
    }

    private String column(String column, String wamid) {
        var rows = pool.preparedQuery("select " + column + " from inbound_messages where app_id = $1 and wamid = $2")
                .execute(Tuple.of(appId, wamid)).await().atMost(Duration.ofSeconds(5));
        return rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null;
    }
}
