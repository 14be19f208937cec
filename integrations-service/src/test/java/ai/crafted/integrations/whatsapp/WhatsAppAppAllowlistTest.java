package ai.crafted.integrations.whatsapp;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.outboxEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.EventJson;
import ai.crafted.events.ToolRef;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.testsupport.kafka.TopicReader;

/**
 * A WhatsApp app narrowed to some tools of its plugins: created and patched through the API, every
 * change republished with the allowlist for the worker, and entries that follow the selection.
 */
@QuarkusTest
class WhatsAppAppAllowlistTest {

    private static String create(String org, List<String> plugins, String allowedTools) {
        return asAdmin(org).body("""
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-access-token",
                 "appSecret":"app-secret-value","verifyToken":"verify-token-value","model":"gpt-4o-mini",
                 "mcpPluginIds":[%s]%s}""".formatted(Long.toString(100000000000L + (long) (Math.random() * 1e11)),
                String.join(",", plugins.stream().map(p -> "\"" + p + "\"").toList()),
                allowedTools == null ? "" : ",\"allowedTools\":" + allowedTools))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
    }

    private static String entry(String pluginId, String name) {
        return "{\"pluginId\":\"" + pluginId + "\",\"name\":\"" + name + "\"}";
    }

    private static List<WhatsAppAppUpdatedEvent> events(String app, int count) {
        try (TopicReader reader = new TopicReader(Topics.WHATSAPP_APP_UPDATED)) {
            return reader.awaitForKey(app, count, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.read(r.value(), WhatsAppAppUpdatedEvent.class)).toList();
        }
    }

    @Test
    void anAppsAllowlistIsSetOnCreateChangedByPatchAndEveryChangeIsPublished() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        String app = create(org, List.of(crm, docs), "[" + entry(crm, "lookup") + "," + entry(crm, "lookup") + "]");
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200)
                .body("allowedTools.size()", equalTo(1)).body("allowedTools[0].name", equalTo("lookup"))
                .body("allowedTools[0].pluginId", equalTo(crm));

        asAdmin(org).body("{\"allowedTools\":[" + entry(docs, "search_docs") + "," + entry(crm, "lookup") + "]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200)
                .body("allowedTools.name", contains("search_docs", "lookup"));
        long published = outboxEvents(Topics.WHATSAPP_APP_UPDATED, app);
        asAdmin(org).body("{\"allowedTools\":[" + entry(docs, "search_docs") + "," + entry(crm, "lookup") + "]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200);
        assertThat(outboxEvents(Topics.WHATSAPP_APP_UPDATED, app)).as("the same allowlist is no change").isEqualTo(published);
        // Each change of the allowlist (not the repeated one) is in the audit log.
        asAdmin(org).get("/organizations/{org}/audit", org).then().statusCode(200)
                .body("items.findAll { it.targetId == '" + app + "' && it.action == 'whatsapp_app.tool_allowlist.updated' }.size()",
                        equalTo(1));
        asAdmin(org).body("{\"allowedTools\":[]}").patch("/organizations/{org}/whatsapp-apps/{id}", org, app)
                .then().statusCode(200).body("allowedTools.size()", equalTo(0));
        asAdmin(org).body("{\"allowedTools\":null}").patch("/organizations/{org}/whatsapp-apps/{id}", org, app)
                .then().statusCode(200).body("allowedTools", nullValue());

        List<WhatsAppAppUpdatedEvent> events = events(app, 4);
        UUID crmId = UUID.fromString(crm);
        assertThat(events.get(0).allowedTools()).containsExactly(new ToolRef(crmId, "lookup"));
        assertThat(events.get(1).allowedTools()).containsExactly(new ToolRef(UUID.fromString(docs), "search_docs"),
                new ToolRef(crmId, "lookup"));
        assertThat(events.get(2).allowedTools()).isEmpty();
        assertThat(events.get(3).allowedTools()).as("null: every tool of the selected plugins").isNull();
    }

    @Test
    void entriesOfAPluginLeaveWithItFromTheSelectionOrWhenItIsDeleted() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        String billing = install(org, "billing");
        String app = create(org, List.of(crm, docs, billing),
                "[" + entry(crm, "lookup") + "," + entry(docs, "search_docs") + "," + entry(billing, "invoice") + "]");

        asAdmin(org).body("{\"mcpPluginIds\":[\"" + crm + "\",\"" + docs + "\"]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200)
                .body("allowedTools.name", contains("lookup", "search_docs"));
        asAdmin(org).delete("/organizations/{org}/integrations/{id}", org, crm).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200)
                .body("allowedTools.name", contains("search_docs"));

        List<WhatsAppAppUpdatedEvent> events = events(app, 3);
        assertThat(events.get(1).allowedTools()).extracting(ToolRef::name).containsExactly("lookup", "search_docs");
        assertThat(events.get(2).reason()).contains("deleted");
        assertThat(events.get(2).allowedTools()).containsExactly(new ToolRef(UUID.fromString(docs), "search_docs"));
    }

    @Test
    void aBadAllowlistIsRefusedWithTheAppsCodeAndEveryProblemAtOnce() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        String foreign = install(newOrg(), "crm");
        String app = create(org, List.of(crm), null);

        var error = asAdmin(org).body("{\"allowedTools\":[" + entry(docs, "search") + "]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(400)
                .body("error.code", equalTo("invalid_whatsapp_app")).extract().jsonPath();
        assertThat(error.getString("error.field")).isEqualTo("allowedTools[0].pluginId");
        assertThat(error.getString("error.message")).contains("mcpPluginIds");
        asAdmin(org).body("{\"allowedTools\":[" + entry(foreign, "x") + "," + entry(crm, "x".repeat(129)) + "]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("allowedTools[1].name", "allowedTools[0].pluginId"));
        asAdmin(org).body("{\"allowedTools\":\"crm/lookup\"}").patch("/organizations/{org}/whatsapp-apps/{id}", org, app)
                .then().statusCode(400).body("error.field", equalTo("allowedTools"));
        // A selection and its allowlist in one patch: the entries are checked against the new selection.
        asAdmin(org).body("{\"mcpPluginIds\":[\"" + docs + "\"],\"allowedTools\":[" + entry(docs, "search") + "]}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200)
                .body("allowedTools[0].name", equalTo("search"));
    }
}
