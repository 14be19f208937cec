package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ui.UiRequests.csrfOf;
import static ai.crafted.integrations.ui.UiRequests.ui;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import ai.crafted.testsupport.auth.DevTokens;

/**
 * The tool allowlist in the API key and WhatsApp app forms: {@code plugin-slug/tool} lines in,
 * the API's allowlist out, field errors under the textarea, and the lists and pages showing it.
 */
@QuarkusTest
class UiToolAllowlistTest {

    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"([^\"]+)\"");

    private final String org = newOrg();
    private final String token = DevTokens.admin(org);

    private RequestSpecification form(String csrf) {
        return ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf);
    }

    @Test
    void aKeyCreatedWithToolLinesIsLimitedToThemAndBadLinesAreFieldErrors() {
        String crm = install(org, "crm");
        install(org, "docs");
        String csrf = csrfOf(ui(token).get("/ui/orgs/{org}/api-keys", org).then().statusCode(200)
                .body(containsString("name=\"allowedTools\"")).extract().asString());

        form(csrf).formParam("name", "crm lookups").formParam("scope", "some").formParam("plugin", crm)
                .formParam("tools", "some").formParam("allowedTools", "crm/lookup\r\n\r\ncrm/find_order\r\n")
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(303);
        asAdmin(org).get("/organizations/{org}/api-keys?q=lookups", org).then()
                .body("items[0].allowedTools.name", contains("lookup", "find_order"))
                .body("items[0].allowedTools[0].pluginId", equalTo(crm));
        String listed = ui(token).get("/ui/orgs/{org}/api-keys?q=lookups", org).then().statusCode(200).extract().asString();
        assertThat(listed).contains("data-testid=\"key-tools\"><code>crm/lookup</code>, <code>crm/find_order</code>")
                .contains("data-testid=\"key-preview\"");

        String[][] bad = {
            { "some", "docs/search", "“docs/search”: " },
            { "some", "wiki/search", "no plugin has the slug “wiki”" },
            { "some", "lookup", "must be plugin-slug/tool-name" },
            { "all", "crm/lookup", "you listed tools but chose every tool" },
            { "some", "crm/" + "x".repeat(129), "must be at most 128 characters" },
        };
        for (String[] line : bad) {
            String page = form(csrf).formParam("name", "refused").formParam("scope", "some").formParam("plugin", crm)
                    .formParam("tools", line[0]).formParam("allowedTools", line[1])
                    .post("/ui/orgs/{org}/api-keys", org).then().statusCode(200).extract().asString();
            assertThat(page).as(line[1]).contains("data-field-error=\"allowedTools\">").contains(line[2]);
        }
        asAdmin(org).get("/organizations/{org}/api-keys?q=refused", org).then().body("total", equalTo(0));
    }

    @Test
    void anAppsFormRoundTripsItsAllowlistAndCanGoBackToEveryTool() {
        String crm = install(org, "crm");
        String csrf = csrfOf(ui(token).get("/ui/orgs/{org}/whatsapp", org).then().statusCode(200).extract().asString());
        String location = form(csrf).formParam("displayName", "Support line")
                .formParam("phoneNumberId", Long.toString(100000000000L + (long) (Math.random() * 1e11)))
                .formParam("model", "gpt-4o-mini").formParam("accessToken", "EAAG-access-token")
                .formParam("appSecret", "app-secret-value").formParam("verifyToken", "verify-token-value")
                .formParam("plugin", crm).formParam("tools", "some").formParam("allowedTools", "crm/lookup")
                .post("/ui/orgs/{org}/whatsapp", org).then().statusCode(303).extract().header("Location");
        String app = location.replaceAll(".*/whatsapp/([0-9a-f-]{36}).*", "$1");
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, app).then()
                .body("allowedTools[0].name", equalTo("lookup")).body("allowedTools[0].pluginId", equalTo(crm));

        String page = ui(token).get("/ui/orgs/{org}/whatsapp/{id}", org, app).then().statusCode(200).extract().asString();
        assertThat(page).contains("data-testid=\"allowed-tools\"><code>crm/lookup</code>")
                .contains(">crm/lookup\n</textarea>").contains("value=\"some\" data-testid=\"tools-some\" checked");
        Matcher version = VERSION.matcher(page);
        assertThat(version.find()).isTrue();

        String refused = form(csrfOf(page)).formParam("displayName", "Support line").formParam("model", "gpt-4o-mini")
                .formParam("version", version.group(1)).formParam("tools", "some").formParam("allowedTools", "crm/lookup")
                .post("/ui/orgs/{org}/whatsapp/{id}", org, app).then().statusCode(200).extract().asString();
        assertThat(refused).as("no plugin ticked: the line is outside the selection")
                .contains("“crm/lookup”: ").contains("not one of the plugins selected");

        form(csrfOf(page)).formParam("displayName", "Support line").formParam("model", "gpt-4o-mini")
                .formParam("version", version.group(1)).formParam("plugin", crm).formParam("tools", "all")
                .post("/ui/orgs/{org}/whatsapp/{id}", org, app).then().statusCode(303);
        asAdmin(org).get("/organizations/{org}/whatsapp-apps/{id}", org, app).then().body("allowedTools", nullValue());
    }
}
