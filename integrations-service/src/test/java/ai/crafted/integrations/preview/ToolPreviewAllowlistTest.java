package ai.crafted.integrations.preview;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.installWithCatalog;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.testsupport.providers.AwkwardTools;

/**
 * The preview of an API key or a WhatsApp app with a tool allowlist: only the tools it names are
 * sent, the others are left out with the allowlist as the reason, and entries the catalog does not
 * list (yet) are reported.
 */
@QuarkusTest
class ToolPreviewAllowlistTest {

    private static ToolDescriptor tool(String name) {
        return AwkwardTools.tool(name, "{\"type\":\"object\",\"properties\":{}}");
    }

    private static String entry(String pluginId, String name) {
        return "{\"pluginId\":\"" + pluginId + "\",\"name\":\"" + name + "\"}";
    }

    @Test
    void aKeysPreviewSendsOnlyItsAllowedToolsAndSaysWhyTheOthersAreLeftOut() {
        String org = newOrg();
        String crm = installWithCatalog(org, "crm", null, List.of(tool("lookup"), tool("delete_customer")));
        String docs = installWithCatalog(org, "docs", null, List.of(tool("search_docs")));
        String key = asAdmin(org).body("{\"name\":\"narrow\",\"allowedTools\":[" + entry(crm, "lookup") + ","
                + entry(docs, "search_docs") + "," + entry(docs, "not_yet") + "]}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201).extract().path("id");

        JsonPath preview = preview(org, "?apiKeyId=" + key);
        assertThat(preview.getList("tools.function.name")).containsExactly("crm__lookup", "docs__search_docs");
        assertThat(preview.getInt("toolCount")).isEqualTo(2);
        assertThat(preview.<Map<String, String>>getList("omittedTools"))
                .containsExactly(Map.of("name", "crm__delete_customer", "reason", "not in the API key's tool allowlist"));
        assertThat(preview.getList("surface.allowedTools.name")).containsExactly("lookup", "search_docs", "not_yet");
        assertThat(preview.<Map<String, String>>getList("allowedToolsNotListed"))
                .containsExactly(Map.of("pluginId", docs, "name", "not_yet"));

        JsonPath organization = preview(org, "");
        assertThat(organization.getList("tools")).as("the organisation's preview has no allowlist").hasSize(3);
        assertThat(organization.getList("allowedToolsNotListed")).isEmpty();
        assertThat(organization.getMap("surface")).doesNotContainKey("allowedTools");
    }

    @Test
    void anAppsPreviewAppliesItsAllowlistWithinItsSelectedPlugins() {
        String org = newOrg();
        String crm = installWithCatalog(org, "crm", null, List.of(tool("lookup"), tool("delete_customer")));
        installWithCatalog(org, "docs", null, List.of(tool("search_docs")));
        String app = asAdmin(org).body("""
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-access-token",
                 "appSecret":"app-secret-value","verifyToken":"verify-token-value","model":"gpt-4o-mini",
                 "mcpPluginIds":["%s"],"allowedTools":[%s]}""".formatted(
                Long.toString(100000000000L + (long) (Math.random() * 1e11)), crm, entry(crm, "lookup")))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");

        JsonPath preview = preview(org, "?whatsAppAppId=" + app + "&profile=anthropic");
        assertThat(preview.getList("tools.function.name")).containsExactly("crm__lookup");
        assertThat(preview.getList("omittedTools.reason")).containsExactly("not in the WhatsApp app's tool allowlist");
        assertThat(preview.getList("allowedToolsNotListed")).isEmpty();

        asAdmin(org).body("{\"allowedTools\":[]}").patch("/organizations/{org}/whatsapp-apps/{id}", org, app).then().statusCode(200);
        assertThat(preview(org, "?whatsAppAppId=" + app).getList("tools")).as("an empty allowlist: no tools").isEmpty();
    }

    private static JsonPath preview(String org, String query) {
        return asAdmin(org).get("/organizations/{org}/tool-preview" + query, org).then().statusCode(200).extract().jsonPath();
    }
}
