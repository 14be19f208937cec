package ai.crafted.integrations.preview;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.installWithCatalog;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.crafted.testsupport.providers.AwkwardTools;
import ai.crafted.testsupport.providers.ProviderToolRules;

/**
 * The preview returns the tools array a surface's requests carry, per provider profile, built
 * from the catalogs catalog-refresher published (played here on the real broker).
 */
@QuarkusTest
class ToolPreviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyProfileGetsOnlyWhatItsProviderAcceptsAndTheRestIsNamedWithTheReason() throws Exception {
        String org = newOrg();
        String awkward = installWithCatalog(org, "awkward", null, AwkwardTools.shallowCatalog());

        Map<String, ProviderToolRules> providers = Map.of("openai", ProviderToolRules.openAi(), "openai-strict",
                ProviderToolRules.openAi(), "anthropic", ProviderToolRules.anthropic(), "gemini", ProviderToolRules.gemini());
        for (var provider : providers.entrySet()) {
            JsonPath preview = preview(org, "?profile=" + provider.getKey());
            JsonNode tools = JSON.readTree(JSON.writeValueAsString(preview.get("tools")));
            assertThat(provider.getValue().problems(JSON.createObjectNode().set("tools", tools))).as(provider.getKey()).isEmpty();
            assertThat(preview.getInt("toolCount") + preview.getList("omittedTools").size())
                    .isEqualTo(AwkwardTools.shallowCatalog().size());
            int bytes = tools.toString().getBytes(StandardCharsets.UTF_8).length;
            assertThat(preview.getInt("bytes")).isEqualTo(bytes);
            assertThat(preview.getInt("estimatedTokens")).isEqualTo((bytes + 3) / 4);
            assertThat(preview.getString("surface.kind")).isEqualTo("organization");
        }
        JsonPath gemini = preview(org, "?profile=gemini");
        assertThat(gemini.getString("omittedTools.find { it.name == 'awkward__const_enum_type_list' }.reason"))
                .contains("non-string");
        assertThat(gemini.getList("tools.function.name", String.class)).contains("awkward__object_without_properties");

        // The integration itself carries the report the preview is made of.
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, awkward).then().statusCode(200)
                .body("toolCompatibility[0].name", equalTo("object_without_properties"))
                .body("toolCompatibility[0].forms.openai.status", equalTo("normalised"))
                .body("toolCompatibility.find { it.name == 'root_array' }.forms.anthropic.status", equalTo("incompatible"));
    }

    @Test
    void aWhatsAppAppSeesItsSelectedPluginsAndAPluginListOnlyThose() {
        String org = newOrg();
        String crm = installWithCatalog(org, "crm", null, List.of(AwkwardTools.tool("lookup", "{\"type\":\"object\",\"properties\":{}}")));
        String billing = installWithCatalog(org, "billing", null, List.of(AwkwardTools.tool("invoice", "{\"type\":\"object\",\"properties\":{}}")));
        String app = asAdmin(org).body("""
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-access-token",
                 "appSecret":"app-secret-value","verifyToken":"verify-token-value","model":"gpt-4o-mini",
                 "mcpPluginIds":["%s"]}""".formatted(Long.toString(100000000000L + (long) (Math.random() * 1e11)), crm))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");

        assertThat(preview(org, "").getList("tools.function.name")).containsExactly("billing__invoice", "crm__lookup");
        JsonPath forApp = preview(org, "?whatsAppAppId=" + app);
        assertThat(forApp.getList("tools.function.name")).containsExactly("crm__lookup");
        assertThat(forApp.getString("surface.kind")).isEqualTo("whatsapp_app");
        assertThat(preview(org, "?pluginId=" + billing).getList("tools.function.name")).containsExactly("billing__invoice");
        assertThat(preview(org, "?pluginId=" + billing + "&pluginId=" + crm + "&profile=gemini").getList("tools.function.name"))
                .as("a tool without arguments is declared without parameters for Gemini")
                .containsExactly("billing__invoice", "crm__lookup");
        assertThat(preview(org, "?profile=gemini").getList("tools.function.parameters")).containsOnlyNulls();
        String key = asAdmin(org).body("{\"name\":\"ci\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .extract().path("id");
        assertThat(preview(org, "?apiKeyId=" + key).getList("tools")).hasSize(2);
        String scoped = asAdmin(org).body("{\"name\":\"billing only\",\"mcpPluginIds\":[\"" + billing + "\"]}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201).extract().path("id");
        JsonPath forScopedKey = preview(org, "?apiKeyId=" + scoped);
        assertThat(forScopedKey.getList("tools.function.name")).containsExactly("billing__invoice");
        assertThat(forScopedKey.getList("surface.pluginIds")).containsExactly(billing);
        asViewer(org).get("/organizations/{org}/tool-preview", org).then().statusCode(200);
    }

    @Test
    void badSurfacesAndProfilesAreClearErrors() {
        String org = newOrg();
        String other = newOrg();
        String foreign = install(other, "foreign");
        String key = asAdmin(org).body("{\"name\":\"old\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .extract().path("id");
        asAdmin(org).delete("/organizations/{org}/api-keys/{id}", org, key).then().statusCode(204);

        expectError(org, "?profile=bedrock", 400, "invalid_request", "profile");
        expectError(org, "?apiKeyId=12", 400, "invalid_request", "apiKeyId");
        expectError(org, "?pluginId=x", 400, "invalid_request", "pluginId");
        expectError(org, "?apiKeyId=" + key + "&pluginId=" + UUID.randomUUID(), 400, "invalid_request", "apiKeyId");
        expectError(org, "?apiKeyId=" + key, 400, "invalid_request", "apiKeyId");
        expectError(org, "?pluginId=" + foreign, 404, "not_found", null);
        expectError(org, "?whatsAppAppId=" + UUID.randomUUID(), 404, "not_found", null);
        expectError(org, "?apiKeyId=" + UUID.randomUUID(), 404, "not_found", null);
        // Given twice, or given empty: named, never read as the first value or as no surface (the whole organisation).
        String live = asAdmin(org).body("{\"name\":\"live\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .extract().path("id");
        expectError(org, "?apiKeyId=" + live + "&apiKeyId=" + key, 400, "invalid_request", "apiKeyId");
        expectError(org, "?apiKeyId=", 400, "invalid_request", "apiKeyId");
        expectError(org, "?whatsAppAppId=" + UUID.randomUUID() + "&whatsAppAppId=" + UUID.randomUUID(), 400, "invalid_request",
                "whatsAppAppId");
        expectError(org, "?whatsAppAppId=", 400, "invalid_request", "whatsAppAppId");
        expectError(org, "?profile=openai&profile=gemini", 400, "invalid_request", "profile");
        expectError(org, "?profile=", 400, "invalid_request", "profile");
    }

    private static void expectError(String org, String query, int status, String code, String field) {
        var response = asAdmin(org).get("/organizations/{org}/tool-preview" + query, org).then().statusCode(status)
                .body("error.code", equalTo(code)).extract().jsonPath();
        assertThat(response.getString("error.field")).as(query).isEqualTo(field);
    }

    private static JsonPath preview(String org, String query) {
        return asAdmin(org).get("/organizations/{org}/tool-preview" + query, org).then().statusCode(200).extract().jsonPath();
    }
}
