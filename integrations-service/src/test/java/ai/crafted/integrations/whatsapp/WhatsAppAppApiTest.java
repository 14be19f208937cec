package ai.crafted.integrations.whatsapp;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.outboxEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppHealthEvent;
import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;

@QuarkusTest
class WhatsAppAppApiTest {

    private static String body(String phone, List<String> plugins) {
        return """
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-access-token",
                 "appSecret":"app-secret-value","verifyToken":"verify-token-value","model":"gpt-4o-mini",
                 "systemPrompt":"You help customers.","mcpPluginIds":[%s]}"""
                .formatted(phone, String.join(",", plugins.stream().map(p -> "\"" + p + "\"").toList()));
    }

    private static String phone() {
        return Long.toString(100000000000L + (long) (Math.random() * 1e11));
    }

    @Test
    void anAppKeepsItsSecretsWriteOnlyAndShowsWhichPluginsAreSelected() {
        String org = newOrg();
        String crm = install(org, "support-crm");
        String billing = install(org, "billing-tools");

        JsonPath app = asAdmin(org).body(body(phone(), List.of(crm))).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().jsonPath();
        String raw = app.prettify();
        assertThat(raw).doesNotContain("EAAG-access-token").doesNotContain("app-secret-value").doesNotContain("verify-token-value");
        assertThat(app.getList("mcpPluginIds")).containsExactly(crm);
        assertThat(app.getList("selectedPlugins.slug")).containsExactly("support-crm");
        assertThat(app.getList("notSelectedPlugins.slug")).containsExactly("billing-tools");
        assertThat(app.getString("webhookPath")).isEqualTo("/webhooks/whatsapp/" + app.getString("id"));
        assertThat(app.getString("accessTokenFingerprint")).matches("[0-9a-f]{12}");

        asAdmin(org).body("{\"mcpPluginIds\":[\"" + crm + "\",\"" + billing + "\"]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app.getString("id"))
                .then().statusCode(200).body("notSelectedPlugins.size()", equalTo(0));
    }

    @Test
    void aPatchThatChangesNothingKeepsUpdatedAtAndPublishesNothing() {
        String org = newOrg();
        String id = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        String updatedAt = asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, id).then().extract().path("updatedAt");
        long events = outboxEvents(Topics.WHATSAPP_APP_UPDATED, id);

        for (String noChange : List.of("{\"displayName\":\"Support line\"}", "{\"model\":\"gpt-4o-mini\",\"mcpPluginIds\":[]}",
                "{\"accessToken\":\"EAAG-access-token\",\"systemPrompt\":\"You help customers.\"}")) {
            asAdmin(org).body(noChange).patch("/organizations/{org}/whatsapp-apps/{id}", org, id)
                    .then().statusCode(200).body("updatedAt", equalTo(updatedAt));
        }
        assertThat(outboxEvents(Topics.WHATSAPP_APP_UPDATED, id)).as("no whatsapp-app-updated event for a no-op").isEqualTo(events);

        asAdmin(org).body("{\"accessToken\":\"EAAG-rotated-token\"}").patch("/organizations/{org}/whatsapp-apps/{id}", org, id)
                .then().statusCode(200);
        assertThat(outboxEvents(Topics.WHATSAPP_APP_UPDATED, id)).as("a new secret is a change").isEqualTo(events + 1);
    }

    @Test
    void onlyTheOrganisationsOwnIntegrationsCanBeSelected() {
        String org = newOrg();
        String foreign = install(newOrg(), "theirs");
        for (String id : new String[] { foreign, UUID.randomUUID().toString() }) {
            asAdmin(org).body(body(phone(), List.of(id))).post("/organizations/{org}/whatsapp-apps", org)
                    .then().statusCode(400).body("error.code", equalTo("invalid_whatsapp_app"))
                    .body("error.field", equalTo("mcpPluginIds"))
                    .body("error.message", equalTo(id + " is not an MCP integration of this organisation"));
        }
        asAdmin(org).body("{\"phoneNumberId\":\"123456\"}").post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_whatsapp_app"));
        // A null in the list names its index, on create and on patch alike.
        String mine = install(org, "mine");
        asAdmin(org).body(body(phone(), List.of()).replace("\"mcpPluginIds\":[]", "\"mcpPluginIds\":[\"" + mine + "\",null]"))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(400)
                .body("error.code", equalTo("invalid_whatsapp_app")).body("error.field", equalTo("mcpPluginIds[1]"));
        String app = asAdmin(org).body(body(phone(), List.of(mine))).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        asAdmin(org).body("{\"mcpPluginIds\":[null]}").patch("/organizations/{org}/whatsapp-apps/{id}", org, app)
                .then().statusCode(400).body("error.field", equalTo("mcpPluginIds[0]"));
    }

    @Test
    void aPhoneNumberBelongsToOneAppAndViewersOrOtherOrganisationsCannotChangeApps() {
        String org = newOrg();
        String number = phone();
        String id = asAdmin(org).body(body(number, List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        asAdmin(org).body(body(number, List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(409).body("error.code", equalTo("whatsapp_phone_number_conflict"));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, id).then().statusCode(200);
        asViewer(org).body("{\"model\":\"x\"}").patch("/organizations/{org}/whatsapp-apps/{id}", org, id).then().statusCode(403);
        String other = newOrg();
        // Another organisation can neither detect nor block the number: it is unique per organisation only.
        asAdmin(other).body(body(number, List.of())).post("/organizations/{org}/whatsapp-apps", other).then().statusCode(201);
        asAdmin(other).get("/organizations/{org}/whatsapp-apps/{id}", other, id).then().statusCode(404);
        asAdmin(other).delete("/organizations/{org}/whatsapp-apps/{id}", other, id).then().statusCode(404);
    }

    @Test
    void deletingAnIntegrationRemovesItFromEverySelectionAndSaysSo() {
        String org = newOrg();
        String crm = install(org, "support-crm");
        String appId = asAdmin(org).body(body(phone(), List.of(crm))).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");

        asAdmin(org).delete("/organizations/{org}/integrations/{id}", org, crm).then().statusCode(204);

        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().statusCode(200)
                .body("mcpPluginIds.size()", equalTo(0));
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_UPDATED)) {
            var events = reader.awaitForKey(appId, 2, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.read(r.value(), WhatsAppAppUpdatedEvent.class)).toList();
            assertThat(events.get(1).mcpPluginIds()).isEmpty();
            assertThat(events.get(1).reason()).contains("support-crm").contains("deleted");
        }
    }

    @Test
    void theWorkerGetsTheSecretsSealedAndTheAppsGatewayKeyIsRevokedWithTheApp() {
        String org = newOrg();
        String appId = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        asAdmin(org).delete("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/api-keys", org).then().statusCode(200)
                .body("items[0].name", containsString("whatsapp:" + appId))
                .body("items[0].revokedAt", notNullValue());

        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_UPDATED)) {
            var records = reader.awaitForKey(appId, 2, Duration.ofSeconds(20));
            assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain("EAAG-access-token")
                    .doesNotContain("app-secret-value"));
            var created = EventJson.read(records.get(0).value(), WhatsAppAppUpdatedEvent.class);
            var config = ConfigProvider.getConfig();
            AesGcmKeyring transport = AesGcmKeyring.parse(
                    config.getValue("credentials.transport.keyring", String.class),
                    config.getValue("credentials.transport.active-key-id", String.class));
            UUID o = UUID.fromString(org);
            UUID a = UUID.fromString(appId);
            assertThat(transport.open(created.accessToken(), WhatsAppAppUpdatedEvent.associatedData(o, a, "accessToken")))
                    .isEqualTo("EAAG-access-token");
            assertThat(transport.open(created.gatewayApiKey(), WhatsAppAppUpdatedEvent.associatedData(o, a, "gatewayApiKey")))
                    .startsWith("crk_");
            assertThat(EventJson.read(records.get(1).value(), WhatsAppAppUpdatedEvent.class).changeType())
                    .isEqualTo(ChangeType.DELETED);
        }
    }

    @Test
    void aRevokedGatewayKeyShowsOnTheAppUntilAdminsIssueANewOneWhichReachesTheWorkerSealed() {
        String org = newOrg();
        String appId = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).body("gatewayKeyStatus", equalTo("active")).extract().path("id");
        String keyId = asAdmin(org).get("/organizations/{org}/api-keys", org).then().extract().path("items[0].id");
        asAdmin(org).delete("/organizations/{org}/api-keys/{id}", org, keyId).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().body("gatewayKeyStatus", equalTo("revoked"));

        asViewer(org).post("/organizations/{org}/whatsapp-apps/{id}/gateway-key", org, appId).then().statusCode(403);
        String other = newOrg();
        asAdmin(other).post("/organizations/{org}/whatsapp-apps/{id}/gateway-key", other, appId).then().statusCode(404);

        asAdmin(org).post("/organizations/{org}/whatsapp-apps/{id}/gateway-key", org, appId).then().statusCode(200)
                .body("gatewayKeyStatus", equalTo("active"));
        List<String> names = asAdmin(org).get("/organizations/{org}/api-keys", org).then().extract().path("items.name");
        assertThat(names).containsExactly("whatsapp:" + appId, "whatsapp:" + appId);
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_UPDATED)) {
            var records = reader.awaitForKey(appId, 2, Duration.ofSeconds(20));
            var reissued = EventJson.read(records.get(1).value(), WhatsAppAppUpdatedEvent.class);
            assertThat(reissued.changeType()).isEqualTo(ChangeType.UPDATED);
            var config = ConfigProvider.getConfig();
            AesGcmKeyring transport = AesGcmKeyring.parse(config.getValue("credentials.transport.keyring", String.class),
                    config.getValue("credentials.transport.active-key-id", String.class));
            var aad = WhatsAppAppUpdatedEvent.associatedData(UUID.fromString(org), UUID.fromString(appId), "gatewayApiKey");
            String first = transport.open(EventJson.read(records.get(0).value(), WhatsAppAppUpdatedEvent.class).gatewayApiKey(), aad);
            assertThat(transport.open(reissued.gatewayApiKey(), aad)).startsWith("crk_").isNotEqualTo(first);
            assertThat(records.get(1).value()).doesNotContain("crk_");
        }
    }

    @Test
    void aPatchWithAStaleIfMatchIsRefusedAndEveryInvalidFieldIsNamedAtOnce() {
        String org = newOrg();
        String id = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        String tag = asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, id).then().extract().header("ETag");
        asAdmin(org).header("If-Match", tag).body("{\"displayName\":\"First\"}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, id).then().statusCode(200);
        asAdmin(org).header("If-Match", tag).body("{\"model\":\"second\"}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, id)
                .then().statusCode(412).body("error.code", equalTo("precondition_failed"));
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, id).then().body("model", equalTo("gpt-4o-mini"));

        asAdmin(org).body("{\"phoneNumberId\":\"\",\"displayName\":\"x\",\"verifyToken\":\"short\",\"mcpPluginIds\":[\""
                + UUID.randomUUID() + "\"]}").post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_whatsapp_app"))
                .body("errors.field", hasItems("phoneNumberId", "verifyToken", "accessToken", "appSecret", "model",
                        "mcpPluginIds"));
        // A phone number in use beside an unknown plugin: 400, and error is errors[0] (the conflict follows).
        String phone = asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, id).then().extract().path("phoneNumberId");
        asAdmin(org).body(body(phone, List.of(UUID.randomUUID().toString()))).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(400).body("error.field", equalTo("mcpPluginIds")).body("errors[0].field", equalTo("mcpPluginIds"))
                .body("errors[1].code", equalTo("whatsapp_phone_number_conflict"));
    }

    @Test
    void anAppTheWorkerFoundRefusedNeedsAttentionUntilItIsChanged() {
        String org = newOrg();
        String appId = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).body("health.status", equalTo("ok")).extract().path("id");
        long version;
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_UPDATED)) {
            version = EventJson.read(reader.awaitForKey(appId, 1, Duration.ofSeconds(20)).get(0).value(),
                    WhatsAppAppUpdatedEvent.class).version();
        }
        UUID a = UUID.fromString(appId);
        // About an older version, and about this app under another organisation: neither applies.
        health(UUID.randomUUID(), a, version, 190);
        health(UUID.fromString(org), a, version - 1, 190);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "ok".equals(
                asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().extract().path("health.status")));
        health(UUID.fromString(org), a, version, 190);

        await().atMost(Duration.ofSeconds(20)).until(() -> "needs_attention".equals(
                asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().extract().path("health.status")));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().statusCode(200)
                .body("health.errorCode", equalTo(190))
                .body("health.reason", containsString("Session has expired"))
                .body("health.since", notNullValue());
        asAdmin(org).get("/ui/orgs/{org}/whatsapp/{id}", org, appId).then().statusCode(200)
                .body(containsString("data-testid=\"app-needs-attention\""));

        // A new access token is a new version: the word no longer applies.
        asAdmin(org).body("{\"accessToken\":\"EAAG-new-token\"}").patch("/organizations/{org}/whatsapp-apps/{id}", org, appId)
                .then().statusCode(200).body("health.status", equalTo("ok"));

        // The worker's word that the new version sends again clears a refusal of it.
        health(UUID.fromString(org), a, version + 1, 368);
        await().atMost(Duration.ofSeconds(20)).until(() -> "needs_attention".equals(
                asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().extract().path("health.status")));
        TopicWriter.send(Topics.WHATSAPP_APP_HEALTH, appId, new WhatsAppAppHealthEvent(WhatsAppAppHealthEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), UUID.fromString(org), a, version + 1, WhatsAppAppHealthEvent.OK, null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ok".equals(
                asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}", org, appId).then().extract().path("health.status")));
    }

    @Test
    void theConversationViewShowsEveryMessageWithItsStatusToItsOrganisationOnly() {
        String org = newOrg();
        String appId = asAdmin(org).body(body(phone(), List.of())).post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        UUID o = UUID.fromString(org);
        UUID a = UUID.fromString(appId);
        UUID conversation = UUID.randomUUID();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        message(o, a, conversation, "inbound", "wamid.in-1", null, 0, "Where is my order?", "replied", null, null, t);
        message(o, a, conversation, "outbound", "wamid.out-1", "wamid.in-1", 0, "It ships today.", "read", null, null, t.plusSeconds(2));
        message(o, a, conversation, "outbound", "wamid.out-2", "wamid.in-1", 1, "Tracking follows.", "failed", 131049,
                "This message was not delivered to maintain healthy ecosystem engagement.", t.plusSeconds(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}",
                org, appId, conversation).then().extract().statusCode() == 200 && asViewer(org)
                .get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, conversation).then().extract()
                .jsonPath().getList("messages").size() == 3);
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations", org, appId).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].customer", equalTo("15550001234"))
                .body("items[0].messages", equalTo(3))
                .body("items[0].problems", equalTo(1));
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, conversation).then().statusCode(200)
                .body("messages.status", contains("replied", "read", "failed"))
                .body("messages[2].errorCode", equalTo(131049))
                .body("messages[2].part", equalTo(1));
        String page = asAdmin(org).get("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}", org, appId, conversation).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("It ships today.").contains("131049").contains("healthy ecosystem").contains("(part 2)");
        asViewer(org).get("/ui/orgs/{org}/whatsapp/{id}/conversations/{c}", org, appId, conversation).then().statusCode(200);

        // A late, older status of a part does not move it back; the same message reported under
        // another organisation (same app id, same WhatsApp id) is not kept.
        message(o, a, conversation, "outbound", "wamid.out-1", "wamid.in-1", 0, "It ships today.", "delivered", null, null,
                t.plusSeconds(2));
        message(UUID.randomUUID(), a, conversation, "inbound", "wamid.in-1", null, 0, "overwritten by another tenant", "failed",
                null, null, t);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
            var messages = asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, conversation)
                    .then().extract().jsonPath();
            return "read".equals(messages.getString("messages[1].status"))
                    && "Where is my order?".equals(messages.getString("messages[0].text"));
        });
        asAdmin(org).get("/ui/orgs/{org}/whatsapp/{id}", org, appId).then().statusCode(200)
                .body(containsString("data-testid=\"conversations\""), containsString("15550001234"));

        // Another organisation sees neither the app's conversations nor the conversation.
        String other = newOrg();
        asViewer(other).get("/organizations/{org}/whatsapp-apps/{id}/conversations", other, appId).then().statusCode(404);
        asViewer(other).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", other, appId, conversation).then().statusCode(404);
        asViewer(org).get("/organizations/{org}/whatsapp-apps/{id}/conversations/{c}", org, appId, UUID.randomUUID()).then().statusCode(404);
    }

    private static void message(UUID org, UUID app, UUID conversation, String direction, String wamid, String inbound, int part,
            String text, String status, Integer code, String error, Instant at) {
        var event = new WhatsAppConversationMessageEvent(WhatsAppConversationMessageEvent.SCHEMA_VERSION, org, app, conversation,
                "15550001234", direction, wamid, inbound, part, text, status, code, error, at, at);
        TopicWriter.send(Topics.WHATSAPP_CONVERSATION_MESSAGES, event.key(), event);
    }

    private static void health(UUID org, UUID app, long version, int code) {
        TopicWriter.send(Topics.WHATSAPP_APP_HEALTH, app.toString(), new WhatsAppAppHealthEvent(WhatsAppAppHealthEvent.SCHEMA_VERSION,
                UUID.randomUUID(), Instant.now(), org, app, version, WhatsAppAppHealthEvent.NEEDS_ATTENTION, code,
                "Error validating access token: Session has expired"));
    }
}
