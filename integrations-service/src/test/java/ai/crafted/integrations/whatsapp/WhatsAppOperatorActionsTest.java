package ai.crafted.integrations.whatsapp;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.outboxEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.events.WhatsAppOperatorActionEvent;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;

/**
 * Messages that need an operator: whatsapp-worker reports a customer's message {@code parked}
 * (its reply was interrupted while being sent) on the conversation view's topic; the control
 * panel lists it and an admin's retry or mark-failed becomes a command on
 * {@code whatsapp-operator-actions}, written through the outbox, for a parked or failed customer
 * message of the organisation's own app only.
 */
@QuarkusTest
class WhatsAppOperatorActionsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String org = newOrg();
    private final UUID conversation = UUID.randomUUID();
    private final Instant t = Instant.parse("2026-12-01T10:00:00Z");
    private String appId;
    /** A real-looking WhatsApp id: base64, with the characters a path must encode. */
    private final String parked = "wamid.HBgLMTU1NTAwMDEyMzQVAgAR+GBI/QTdCNUE3QkVG=" + UUID.randomUUID();

    @BeforeEach
    void anAppWithAParkedARepliedAndAFailedMessage() {
        appId = asAdmin(org).body("""
                {"phoneNumberId":"%d","displayName":"Support line","accessToken":"EAAG-token","appSecret":"secret",
                 "verifyToken":"verify-token","model":"gpt-4o-mini"}""".formatted(100000000L + (long) (Math.random() * 1e9)))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
        report("inbound", parked, null, 0, "Where is my order?", "parked",
                "interrupted while sending: WhatsApp may or may not have received the reply; retry or mark failed", t);
        report("inbound", "wamid.replied", null, 0, "Hello", "replied", null, t.minusSeconds(60));
        report("outbound", "wamid.out-1", "wamid.replied", 0, "Hi!", "failed", null, t.minusSeconds(59));
        report("inbound", "wamid.failed", null, 0, "Open on Sunday?", "failed", "Graph API answered HTTP 500", t.plusSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}",
                org, appId, conversation).then().extract().statusCode() == 200 && asViewer(org)
                .get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, conversation).then().extract()
                .jsonPath().getList("messages").size() == 4);
    }

    @Test
    void parkedMessagesAreListedForViewersToo() {
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/parked-messages", org, appId).then().statusCode(200)
                .body("total", equalTo(1))
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("items.size()", equalTo(1))
                .body("items[0].wamid", equalTo(parked))
                .body("items[0].conversationId", equalTo(conversation.toString()))
                .body("items[0].customer", equalTo("15550001234"))
                .body("items[0].text", equalTo("Where is my order?"))
                .body("items[0].errorText", equalTo(
                        "interrupted while sending: WhatsApp may or may not have received the reply; retry or mark failed"));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations", org, appId).then().statusCode(200)
                .body("items[0].problems", equalTo(3));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/parked-messages?size=0", org, appId).then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.field", equalTo("size"));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/parked-messages?page=1", org, appId).then().statusCode(200)
                .body("items.size()", equalTo(0)).body("total", equalTo(1));
    }

    @Test
    void anAdminsRetryAndMarkFailedArePublishedThroughTheOutboxAsCommands() {
        String key = appId + ":" + parked;
        asAdmin(org).post("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}/messages/{wamid}/retry",
                        org, appId, conversation, parked)
                .then().statusCode(202)
                .body("action", equalTo("retry"))
                .body("wamid", equalTo(parked))
                .body("conversationId", equalTo(conversation.toString()))
                .body("messageStatus", equalTo("parked"))
                .body("actionId", notNullValue())
                .body("requestedAt", notNullValue());
        asAdmin(org).post("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}/messages/{wamid}/mark-failed",
                        org, appId, conversation, "wamid.failed")
                .then().statusCode(202).body("action", equalTo("mark_failed")).body("messageStatus", equalTo("failed"));

        assertThat(outboxEvents(Topics.WHATSAPP_OPERATOR_ACTIONS, key)).isEqualTo(1);
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_OPERATOR_ACTIONS)) {
            var retry = EventJson.read(reader.awaitForKey(key, 1, Duration.ofSeconds(20)).get(0).value(),
                    WhatsAppOperatorActionEvent.class);
            assertThat(retry.schemaVersion()).isEqualTo(WhatsAppOperatorActionEvent.SCHEMA_VERSION);
            assertThat(retry.action()).isEqualTo(WhatsAppOperatorActionEvent.Action.RETRY);
            assertThat(retry.organizationId()).isEqualTo(UUID.fromString(org));
            assertThat(retry.appId()).isEqualTo(UUID.fromString(appId));
            assertThat(retry.conversationId()).isEqualTo(conversation);
            assertThat(retry.wamid()).isEqualTo(parked);
            assertThat(retry.requestedBy()).isNotBlank();
            var markFailed = EventJson.read(reader.awaitForKey(appId + ":wamid.failed", 1, Duration.ofSeconds(20)).get(0).value(),
                    WhatsAppOperatorActionEvent.class);
            assertThat(markFailed.action()).isEqualTo(WhatsAppOperatorActionEvent.Action.MARK_FAILED);
        }
        // The view changes only when the worker reports: the retry under way, then its result.
        report("inbound", parked, null, 0, "Where is my order?", "sending", null, t);
        await().atMost(Duration.ofSeconds(20)).until(() -> asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/parked-messages",
                org, appId).then().extract().jsonPath().getInt("total") == 0);
        asAdmin(org).post("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}/messages/{wamid}/retry",
                        org, appId, conversation, parked)
                .then().statusCode(409).body("error.code", equalTo("whatsapp_message_state_conflict"));
    }

    @Test
    void unknownMessagesOtherStatesViewersAndOtherOrganisationsAreRefusedAndPublishNothing() {
        String retry = "/organizations/{org}/whatsapp-apps/{id}/conversations/{c}/messages/{wamid}/retry";
        String markFailed = "/organizations/{org}/whatsapp-apps/{id}/conversations/{c}/messages/{wamid}/mark-failed";
        long before = actions();

        for (String path : List.of(retry, markFailed)) {
            // No such message, a part of a reply (not a customer's message), the message under another conversation.
            asAdmin(org).post(path, org, appId, conversation, "wamid.unknown").then().statusCode(404)
                    .body("error.code", equalTo("not_found"));
            asAdmin(org).post(path, org, appId, conversation, "wamid.out-1").then().statusCode(404)
                    .body("error.code", equalTo("not_found"));
            // Ids no message can have (the attack run's NUL answered 500 from PostgreSQL), and one over 128 characters.
            for (String impossible : List.of("\u0000", "a\u0000b", "w".repeat(129))) {
                asAdmin(org).post(path, org, appId, conversation, impossible).then().statusCode(404)
                        .body("error.code", equalTo("not_found"));
            }
            asAdmin(org).post(path, org, appId, UUID.randomUUID(), parked).then().statusCode(404)
                    .body("error.code", equalTo("not_found"));
            // Replied: nothing to do.
            asAdmin(org).post(path, org, appId, conversation, "wamid.replied").then().statusCode(409)
                    .body("error.code", equalTo("whatsapp_message_state_conflict"))
                    .body("error.message", equalTo("only a parked or failed message can be retried or marked failed;"
                            + " this one is replied"));
            asViewer(org).post(path, org, appId, conversation, parked).then().statusCode(403)
                    .body("error.code", equalTo("forbidden"));
            // Another organisation's admin, on its own organisation's path with this app's id.
            String other = newOrg();
            asAdmin(other).post(path, other, appId, conversation, parked).then().statusCode(404)
                    .body("error.code", equalTo("not_found"));
        }
        String other = newOrg();
        asViewer(other).get("/organizations/{org}/whatsapp-apps/{id}/parked-messages", other, appId).then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        assertThat(actions()).as("no command written").isEqualTo(before);
    }

    @Test
    void theUiShowsWhatNeedsAnOperatorAndOffersTheActionsToAdminsOnly() {
        String admin = DevTokens.admin(org);
        String appPage = ui(admin).get("/ui/orgs/{org}/whatsapp/{id}", org, appId).then().statusCode(200).extract().asString();
        assertThat(appPage).contains("data-testid=\"parked-messages\"").contains("data-testid=\"parked-count\">1<")
                .contains("Where is my order?");

        String page = ui(admin).get("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}", org, appId, conversation).then().statusCode(200)
                .extract().asString();
        // Retry and Mark failed for the parked and the failed message, not for the replied one or a sent part.
        assertThat(Pattern.compile("data-testid=\"retry\"").matcher(page).results().count()).isEqualTo(2);
        assertThat(Pattern.compile("data-testid=\"mark-failed\"").matcher(page).results().count()).isEqualTo(2);
        String viewerPage = ui(DevTokens.viewer(org)).get("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}", org, appId, conversation)
                .then().statusCode(200).extract().asString();
        assertThat(viewerPage).contains("parked").doesNotContain("data-testid=\"retry\"");

        String location = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(page)).formParam("wamid", parked)
                .post("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}/retry", org, appId, conversation)
                .then().statusCode(303).extract().header("Location");
        assertThat(location).endsWith("/conversations/" + conversation + "?notice=retry-requested");
        assertThat(outboxEvents(Topics.WHATSAPP_OPERATOR_ACTIONS, appId + ":" + parked)).isEqualTo(1);
        ui(admin).contentType(ContentType.URLENC).formParam("wamid", parked)
                .post("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}/mark-failed", org, appId, conversation)
                .then().statusCode(403);
        assertThat(outboxEvents(Topics.WHATSAPP_OPERATOR_ACTIONS, appId + ":" + parked)).as("a post without CSRF changes nothing")
                .isEqualTo(1);
    }

    @Test
    void conversationsAreListedAPageAtATimeNewestFirst() {
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID());
        report(others.get(0), "inbound", "wamid.older", null, 0, "Hi", "replied", null, t.minusSeconds(3600));
        report(others.get(1), "inbound", "wamid.newer", null, 0, "Hi", "replied", null, t.plusSeconds(3600));
        String list = "/organizations/{org}/whatsapp-apps/{id}/conversations";
        await().atMost(Duration.ofSeconds(20)).until(() -> asViewer(org).get(list, org, appId).then().extract().jsonPath()
                .getInt("total") == 3);
        List<String> seen = new java.util.ArrayList<>();
        for (int page = 0; page < 3; page++) {
            var response = asViewer(org).get(list + "?size=1&page=" + page, org, appId).then().statusCode(200)
                    .body("size", equalTo(1)).body("page", equalTo(page)).body("total", equalTo(3)).extract().jsonPath();
            seen.addAll(response.getList("items.conversationId"));
        }
        assertThat(seen).containsExactly(others.get(1).toString(), conversation.toString(), others.get(0).toString());
        asViewer(org).get(list + "?size=1&page=3", org, appId).then().statusCode(200).body("items.size()", equalTo(0));
    }

    private void report(String direction, String wamid, String inbound, int part, String text, String status, String error,
            Instant at) {
        report(conversation, direction, wamid, inbound, part, text, status, error, at);
    }

    private void report(UUID conversationId, String direction, String wamid, String inbound, int part, String text, String status,
            String error, Instant at) {
        var event = new WhatsAppConversationMessageEvent(WhatsAppConversationMessageEvent.SCHEMA_VERSION, UUID.fromString(org),
                UUID.fromString(appId), conversationId, "15550001234", direction, wamid, inbound, part, text, status, null, error, at,
                Instant.now());
        TopicWriter.send(Topics.WHATSAPP_CONVERSATION_MESSAGES, event.key(), event);
    }

    private static long actions() {
        return ((Number) ai.crafted.testsupport.postgres.TestDatabase.query(
                "select count(*) as n from outbox_events where topic = ?", Topics.WHATSAPP_OPERATOR_ACTIONS).get(0).get("n"))
                .longValue();
    }

    private static io.restassured.specification.RequestSpecification ui(String token) {
        return given().auth().oauth2(token).redirects().follow(false);
    }

    private static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }
}
