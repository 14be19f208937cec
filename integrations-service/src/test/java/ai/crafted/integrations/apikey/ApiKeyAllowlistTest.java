package ai.crafted.integrations.apikey;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolRef;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.postgres.TestDatabase;

/** An API key narrowed to some tools: stored, shown, published for the gateway with schema 3, and checked. */
@QuarkusTest
class ApiKeyAllowlistTest {

    private static String entry(String pluginId, String name) {
        return "{\"pluginId\":\"" + pluginId + "\",\"name\":\"" + name + "\"}";
    }

    @Test
    void aKeyWithAToolAllowlistShowsItAndReachesTheGatewayAsSchemaThree() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        var created = asAdmin(org).body("{\"name\":\"narrow\",\"mcpPluginIds\":[\"" + crm + "\",\"" + docs + "\"],\"allowedTools\":["
                + entry(crm, "lookup") + "," + entry(docs, "search_docs") + "," + entry(crm, "lookup") + "]}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getList("allowedTools.name")).as("duplicates collapse").containsExactly("lookup", "search_docs");
        assertThat(created.getList("allowedTools.pluginId")).containsExactly(crm, docs);
        // Who narrowed the key, in the audit log.
        asAdmin(org).get("/organizations/{org}/audit", org).then().statusCode(200)
                .body("items.find { it.targetId == '" + created.getString("id") + "' }.action", equalTo("api_key.tool_allowlist.set"));
        asAdmin(org).get("/organizations/{org}/api-keys?q=narrow", org).then().statusCode(200)
                .body("items[0].allowedTools.size()", equalTo(2)).body("items[0].allowedTools[1].name", equalTo("search_docs"));
        String none = asAdmin(org).body("{\"name\":\"no tools\",\"allowedTools\":[]}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).body("allowedTools.size()", equalTo(0)).extract().path("id");
        String every = asAdmin(org).body("{\"name\":\"every tool\",\"allowedTools\":null}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).body("$", not(hasKey("allowedTools"))).extract().path("id");
        assertThat(TestDatabase.query("select allowed_tools from api_keys where id = ?::uuid", every).get(0).get("allowed_tools")).isNull();

        try (TopicReader reader = new TopicReader(Topics.API_KEY_UPDATED)) {
            ApiKeyUpdatedEvent narrow = read(reader, id);
            assertThat(narrow.schemaVersion()).isEqualTo(ApiKeyUpdatedEvent.TOOL_SCOPED_SCHEMA_VERSION).isEqualTo(3);
            assertThat(narrow.allowedTools()).containsExactly(new ToolRef(UUID.fromString(crm), "lookup"),
                    new ToolRef(UUID.fromString(docs), "search_docs"));
            ApiKeyUpdatedEvent empty = read(reader, none);
            assertThat(empty.schemaVersion()).as("an empty allowlist is an allowlist: no tools").isEqualTo(3);
            assertThat(empty.allowedTools()).isEmpty();
            ApiKeyUpdatedEvent all = read(reader, every);
            assertThat(all.schemaVersion()).isEqualTo(ApiKeyUpdatedEvent.SCHEMA_VERSION);
            assertThat(all.allowedTools()).isNull();
        }
    }

    @Test
    void aBadAllowlistIsRefusedWithTheEntryItNames() {
        String org = newOrg();
        String crm = install(org, "crm");
        String docs = install(org, "docs");
        String foreign = install(newOrg(), "crm");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append(entry(crm, "t" + i));
        }
        Object[][] cases = {
            { "[" + entry(foreign, "lookup") + "]", "allowedTools[0].pluginId", "not an MCP integration" },
            { "[" + entry(crm, "a") + "," + entry(UUID.randomUUID().toString(), "b") + "]", "allowedTools[1].pluginId", "not an MCP" },
            { "[" + entry(docs, "search") + "]", "allowedTools[0].pluginId", "mcpPluginIds" },
            { "[" + entry(crm, " ") + "]", "allowedTools[0].name", "required" },
            { "[{\"pluginId\":\"" + crm + "\"}]", "allowedTools[0].name", "required" },
            { "[" + entry(crm, "x".repeat(129)) + "]", "allowedTools[0].name", "128" },
            { "[" + entry(crm, "bad\\u0007name") + "]", "allowedTools[0].name", "control characters" },
            { "[" + many + "]", "allowedTools", "500" },
            { "[null]", "allowedTools[0]", "null" },
        };
        for (Object[] bad : cases) {
            var error = asAdmin(org).body("{\"name\":\"bad\",\"mcpPluginIds\":[\"" + crm + "\"],\"allowedTools\":" + bad[0] + "}")
                    .post("/organizations/{org}/api-keys", org).then().statusCode(400)
                    .body("error.code", equalTo("invalid_request")).extract().jsonPath();
            assertThat(error.getString("error.field")).as(bad[1].toString()).isEqualTo(bad[1]);
            assertThat(error.getString("error.message")).as(bad[1].toString()).contains(bad[2].toString());
        }
        for (String wrongType : List.of("\"crm/lookup\"", "{}", "[\"lookup\"]", "[{\"pluginId\":\"crm\",\"name\":\"x\"}]",
                "[{\"pluginId\":\"" + crm + "\",\"name\":5}]", "[{\"pluginId\":\"" + crm + "\",\"name\":\"x\",\"extra\":1}]")) {
            asAdmin(org).body("{\"name\":\"bad\",\"allowedTools\":" + wrongType + "}").post("/organizations/{org}/api-keys", org)
                    .then().statusCode(400).body("error.field", startsWith("allowedTools"));
        }
        asAdmin(org).get("/organizations/{org}/api-keys?q=bad", org).then().body("total", equalTo(0));
    }

    private static ApiKeyUpdatedEvent read(TopicReader reader, String id) {
        return EventJson.read(reader.awaitForKey(id, 1, Duration.ofSeconds(20)).get(0).value(), ApiKeyUpdatedEvent.class);
    }
}
