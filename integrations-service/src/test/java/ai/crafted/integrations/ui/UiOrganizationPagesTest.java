package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import ai.crafted.testsupport.auth.DevTokens;

/**
 * The organisation's name in the web UI: the settings page (a form for admins, the name alone for
 * viewers), the page frame and the organisation switcher showing names instead of ids.
 */
@QuarkusTest
class UiOrganizationPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"([0-9]+)\"");

    private final String org = newOrg();

    @Test
    void anAdminNamesTheOrganisationAndEveryPageFrameThenShowsTheName() {
        String admin = DevTokens.admin(org);
        String before = ui(admin).get("/ui/orgs/{org}/plugins", org).then().statusCode(200).extract().asString();
        assertThat(before).contains("Org <code>" + org + "</code>").contains("data-testid=\"name-hint\"")
                .contains("href=\"/ui/orgs/" + org + "/settings\"");

        String settings = ui(admin).get("/ui/orgs/{org}/settings", org).then().statusCode(200).extract().asString();
        assertThat(settings).contains("name=\"name\"").doesNotContain("data-testid=\"name-hint\"");
        ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(settings)).formParam("version", versionOf(settings))
                .formParam("name", "  Acme & Co  ").post("/ui/orgs/{org}/settings", org)
                .then().statusCode(303).header("Location", endsWith("/ui/orgs/" + org + "/settings?notice=saved"));

        String saved = ui(admin).get("/ui/orgs/{org}/settings?notice=saved", org).then().statusCode(200).extract().asString();
        assertThat(saved).contains("Saved.").contains("value=\"Acme &amp; Co\"").contains("by admin@" + org);
        String after = ui(admin).get("/ui/orgs/{org}/api-keys", org).then().statusCode(200).extract().asString();
        assertThat(after).contains("Org <strong>Acme &amp; Co</strong>").contains("title=\"Organisation " + org + "\"")
                .doesNotContain("data-testid=\"name-hint\"");
        asAdmin(org).get("/organizations/{org}", org).then().body("name", equalTo("Acme & Co"));
        // The names are read before blocking resource methods too (worker threads, where Hibernate Reactive refuses).
        ui(admin).get("/ui?org={org}", org).then().statusCode(303);
        ui(admin).get("/ui/orgs/{org}", org).then().statusCode(303);
    }

    @Test
    void theSwitcherListsTheNamesOfTheOrganisationsThatHaveOne() {
        String named = newOrg();
        asAdmin(named).body("{\"name\":\"Named <b>one</b>\"}").put("/organizations/{org}", named).then().statusCode(200);
        String token = DevTokens.mint("both@example.com", Map.of(org, "admin", named, "viewer"), Duration.ofHours(1));
        String page = ui(token).get("/ui/orgs/{org}/plugins", org).then().statusCode(200).extract().asString();
        assertThat(page).contains("<select id=\"org-select\"")
                .containsPattern("<option value=\"" + named + "\" title=\"Organisation " + named + "\" >Named &lt;b&gt;one&lt;/b&gt; \\(viewer\\)</option>")
                .containsPattern("<option value=\"" + org + "\" title=\"Organisation " + org + "\" selected>" + org + " \\(admin\\)</option>");
        // On the named organisation's own pages the viewer sees its name and no hint (that is for admins).
        String theirs = ui(token).get("/ui/orgs/{org}/credentials", named).then().statusCode(200).extract().asString();
        assertThat(theirs).contains("selected>Named &lt;b&gt;one&lt;/b&gt; (viewer)").doesNotContain("data-testid=\"name-hint\"");
    }

    @Test
    void aViewerSeesTheNameWithoutAFormAndCannotPostOne() {
        asAdmin(org).body("{\"name\":\"Read only\"}").put("/organizations/{org}", org).then().statusCode(200);
        String viewer = DevTokens.viewer(org);
        String page = ui(viewer).get("/ui/orgs/{org}/settings", org).then().statusCode(200).extract().asString();
        assertThat(page).contains("Read only").doesNotContain("name=\"name\"");
        assertThat(page.split("<form method=\"post\"", -1)).as("only the sign-out form").hasSize(2);
        ui(viewer).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(page)).formParam("name", "Sneaky")
                .post("/ui/orgs/{org}/settings", org).then().statusCode(403).body(containsString("forbidden"));
        asAdmin(org).get("/organizations/{org}", org).then().body("name", equalTo("Read only"));
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() {
        ui(DevTokens.admin(org)).contentType(ContentType.URLENC).formParam("name", "Forged").formParam("version", "0")
                .post("/ui/orgs/{org}/settings", org).then().statusCode(403).body(containsString("csrf_token_invalid"));
        asAdmin(org).get("/organizations/{org}", org).then().body("name", nullValue());
    }

    @Test
    void anInvalidNameIsShownOnItsFieldWithTheInputKept() {
        String admin = DevTokens.admin(org);
        String settings = ui(admin).get("/ui/orgs/{org}/settings", org).then().statusCode(200).extract().asString();
        for (String[] bad : new String[][] { { "   ", "is required" }, { "n".repeat(81), "must be at most 80 characters" },
                { "tab\there", "must be one line" } }) {
            String page = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(settings))
                    .formParam("version", versionOf(settings)).formParam("name", bad[0]).post("/ui/orgs/{org}/settings", org)
                    .then().statusCode(200).extract().asString();
            assertThat(fieldError(page, "name")).as(bad[0]).contains(bad[1]);
            assertThat(page).as(bad[0]).contains("data-testid=\"form-errors\"").contains("invalid_request");
            if (!bad[0].isBlank()) {
                assertThat(page).as("the input is kept").contains("value=\"" + bad[0] + "\"");
            }
        }
        asAdmin(org).get("/organizations/{org}", org).then().body("name", nullValue());
    }

    @Test
    void aSaveOverANameSavedMeanwhileIsRefusedAndSaysWhatIsSaved() {
        String admin = DevTokens.admin(org);
        String settings = ui(admin).get("/ui/orgs/{org}/settings", org).then().statusCode(200).extract().asString();
        asAdmin(org).body("{\"name\":\"From another tab\"}").put("/organizations/{org}", org).then().statusCode(200);
        String stale = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(settings))
                .formParam("version", versionOf(settings)).formParam("name", "Mine").post("/ui/orgs/{org}/settings", org)
                .then().statusCode(200).extract().asString();
        assertThat(stale).contains("Someone saved changes to this organisation").contains("precondition_failed")
                .contains("value=\"Mine\"");
        assertThat(fieldError(stale, "name")).contains("From another tab");
        asAdmin(org).get("/organizations/{org}", org).then().body("name", equalTo("From another tab"));
        // The refused page carries the current version: saving again replaces the name, as it says.
        ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(stale)).formParam("version", versionOf(stale))
                .formParam("name", "Mine").post("/ui/orgs/{org}/settings", org).then().statusCode(303);
        asAdmin(org).get("/organizations/{org}", org).then().body("name", equalTo("Mine"));
    }

    private static RequestSpecification ui(String token) {
        return given().auth().oauth2(token).redirects().follow(false);
    }

    private static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }

    private static String versionOf(String page) {
        Matcher m = VERSION.matcher(page);
        assertThat(m.find()).as("the form carries its version").isTrue();
        return m.group(1);
    }

    private static String fieldError(String page, String field) {
        Matcher m = Pattern.compile("data-field-error=\"" + Pattern.quote(field) + "\"[^>]*>([^<]*)<").matcher(page);
        assertThat(m.find()).as("error element for " + field).isTrue();
        return m.group(1);
    }
}
