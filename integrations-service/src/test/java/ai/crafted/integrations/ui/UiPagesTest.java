package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static ai.crafted.integrations.ui.UiRequests.csrfOf;
import static ai.crafted.integrations.ui.UiRequests.ui;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.crafted.testsupport.auth.DevTokens;

/**
 * The UI's server side: who may see and change what, CSRF, errors next to fields, no secrets in
 * pages. In the test profile the UI's OIDC tenant is off, so requests authenticate with the same
 * signed tokens the browser session would carry (the code flow itself is covered by the browser
 * tests in e2e-tests).
 */
@QuarkusTest
class UiPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CsrfTokens csrfTokens;

    @Inject
    ai.crafted.integrations.credential.CredentialKeyrings keyrings;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    private final String org = newOrg();

    @Test
    void staticAssetsCarryTheUiSecurityHeadersAndApiAnswersAreNeverCached() {
        for (String asset : new String[] {"/ui-assets/ui.css", "/ui-assets/ui.js", "/ui-assets/signed-out.html"}) {
            given().get(asset).then().statusCode(200)
                    .header("X-Frame-Options", "DENY")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "same-origin")
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        }
        asAdmin(org).get("/organizations/{org}/integrations", org).then().statusCode(200)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        given().get("/organizations/{org}/integrations", org).then().statusCode(401).header("Cache-Control", "no-store");
    }

    @Test
    void malformedOrOversizedFormsAreAnsweredAtOnceWithAPageAndChangeNothing() throws Exception {
        String token = DevTokens.admin(org);
        String csrf = csrfOf(ui(token).get("/ui/orgs/{org}/api-keys", org).then().statusCode(200).extract().asString());
        String manyFields = "_csrf=" + csrf + "&name=ok" + "&x=1".repeat(999);
        String[][] cases = {
            // Found by an attack probe: these left the connection unanswered or answered a bare 500.
            {"_csrf=" + csrf + "&name=%", "400"}, {"name=%zz", "400"}, {"%%%%", "400"}, {manyFields, "400"},
            {manyFields + "&y=2", "400"}, {"_csrf=" + csrf + "&name=%FF%FE", "400"},
            {"_csrf=" + csrf + "&name=" + "a".repeat(900_000), "413"}};
        for (String[] bad : cases) {
            // Exact bytes over a plain connection: a client library would fix the encoding.
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "ui/orgs/" + org + "/api-keys"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bad[0].getBytes(StandardCharsets.ISO_8859_1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String what = bad[0].length() > 60 ? bad[0].substring(0, 60) + "…" : bad[0];
            assertThat(answer.statusCode()).as(what).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("text/html");
        }
        HttpResponse<String> multipart = HTTP.send(HttpRequest.newBuilder(URI.create(base + "ui/orgs/" + org + "/api-keys"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofString("{")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(415);
        asAdmin(org).get("/organizations/{org}/api-keys", org).then().statusCode(200).body("items", empty());
        // A well-formed form still works (the body read here is handed on to the resource): the
        // key is created and the browser is sent on to the page that shows it once.
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "after the bad ones")
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(303)
                .header("Location", containsString("/api-keys?created="))
                .header("Set-Cookie", allOf(containsString("crafted_new_key="), containsString("HttpOnly"),
                        containsString("SameSite=Strict"), containsString("Path=/ui/orgs/" + org + "/api-keys")));
        asAdmin(org).get("/organizations/{org}/api-keys", org).then().body("items.name", hasItem("after the bad ones"));
    }

    @Test
    void aKeyCreatedForSomePluginsIsLimitedToThemAndTheListSaysSo() {
        String crm = install(org, "crm");
        install(org, "docs");
        String token = DevTokens.admin(org);
        String csrf = csrfOf(ui(token).get("/ui/orgs/{org}/api-keys", org).then().statusCode(200)
                .body(containsString("name=\"plugin\" value=\"" + crm + "\"")).extract().asString());
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "garbled")
                .formParam("scope", "some").formParam("plugin", "not-an-id")
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(200)
                .body(containsString("unknown plugin in the selection"));
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "crm only")
                .formParam("scope", "some").formParam("plugin", crm)
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(303);
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "contradiction")
                .formParam("scope", "all").formParam("plugin", crm)
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(200)
                .body(containsString("you ticked plugins but chose all plugins"));
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "everything")
                .formParam("scope", "all")
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(303);

        asAdmin(org).get("/organizations/{org}/api-keys?q=crm", org).then().body("items[0].mcpPluginIds", contains(crm));
        asAdmin(org).get("/organizations/{org}/api-keys?q=everything", org).then()
                .body("items[0]", not(hasKey("mcpPluginIds")));
        asAdmin(org).get("/organizations/{org}/api-keys?q=garbled", org).then().body("total", equalTo(0));
        asAdmin(org).get("/organizations/{org}/api-keys?q=contradiction", org).then().body("total", equalTo(0));
        String listed = ui(token).get("/ui/orgs/{org}/api-keys?q=crm", org).then().statusCode(200).extract().asString();
        assertThat(listed).contains("data-testid=\"key-scope\"><a href=\"/ui/orgs/" + org + "/plugins/" + crm + "\">")
                .contains("data-testid=\"key-last-used\"><span class=\"muted\">never</span>");
    }

    @Test
    void aMultipartBodyOnTheJsonApiIsA4xxNotA500() throws Exception {
        String integration = install(org, "multipart");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "organizations/" + org + "/integrations/" + integration + "/refresh"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + DevTokens.admin(org)).header("X-Org-Id", org)
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).contains("\"code\"");
    }

    @Test
    void adminsSeeTheFormsAndTheirTokenIsBoundToTheSession() {
        String token = DevTokens.admin(org);
        String page = ui(token).get("/ui/orgs/{org}/plugins/new", org).then().statusCode(200)
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("Install MCP server"), containsString("name=\"slug\""))
                .extract().asString();
        String csrf = csrfOf(page);
        assertThat(csrf).isEqualTo(csrfTokens.tokenFor(marker(token)));
        assertThat(csrfTokens.tokenFor(marker(DevTokens.admin(org)))).as("a new sign-in, a new token")
                .isNotEqualTo(csrf);
    }

    @Test
    void aFormPostWithoutTheSessionsTokenIsRefusedAndChangesNothing() {
        String token = DevTokens.admin(org);
        ui(token).contentType(ContentType.URLENC).formParam("name", "forged")
                .post("/ui/orgs/{org}/api-keys", org)
                .then().statusCode(403).body(containsString("csrf_token_invalid"));
        String otherSession = csrfTokens.tokenFor(marker(DevTokens.admin(org)));
        ui(token).contentType(ContentType.URLENC).formParam("name", "forged").formParam("_csrf", otherSession)
                .post("/ui/orgs/{org}/api-keys", org)
                .then().statusCode(403);
        asAdmin(org).get("/organizations/{org}/api-keys", org).then().statusCode(200).body("items", empty());
    }

    @Test
    void viewersSeeNoFormsAndTheirPostsAreForbiddenEvenWithAValidToken() {
        install(org, "crm");
        String viewer = DevTokens.viewer(org);
        String page = ui(viewer).get("/ui/orgs/{org}/plugins", org).then().statusCode(200)
                .body(containsString("crm"), not(containsString("Install MCP server</a>"))).extract().asString();
        // The only form a viewer gets is signing out.
        assertThat(page.split("<form method=\"post\"", -1)).as("post forms").hasSize(2);
        assertThat(page).contains("<form method=\"post\" action=\"/ui/sign-out\"");
        // A page that is only a form for a change is refused too (@AdminOnly), as a page of the UI.
        ui(viewer).get("/ui/orgs/{org}/plugins/new", org).then().statusCode(403).body(containsString("forbidden"));
        ui(viewer).contentType(ContentType.URLENC).formParam("_csrf", csrfTokens.tokenFor(marker(viewer)))
                .formParam("displayName", "Sneaky").formParam("slug", "sneaky")
                .formParam("endpoint", "https://mcp.example.com/sneaky")
                .post("/ui/orgs/{org}/plugins", org)
                .then().statusCode(403).body(containsString("forbidden"));
        asAdmin(org).get("/organizations/{org}/integrations", org).then().statusCode(200)
                .body("items.slug", not(hasItem("sneaky")));
    }

    @Test
    void serverErrorsAreShownNextToTheirFieldsAndTheInputIsKept() {
        install(org, "taken");
        String token = DevTokens.admin(org);
        String csrf = csrfTokens.tokenFor(marker(token));
        String invalid = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                .formParam("displayName", "My CRM").formParam("slug", "Not_Kebab")
                .formParam("endpoint", "https://mcp.example.com/crm")
                .post("/ui/orgs/{org}/plugins", org)
                .then().statusCode(200).extract().asString();
        assertThat(fieldError(invalid, "slug")).contains("kebab-case");
        assertThat(invalid).contains("invalid_integration_config").contains("value=\"My CRM\"");

        String conflict = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                .formParam("displayName", "Another").formParam("slug", "taken")
                .formParam("endpoint", "https://mcp.example.com/other")
                .post("/ui/orgs/{org}/plugins", org)
                .then().statusCode(200).extract().asString();
        assertThat(fieldError(conflict, "slug")).contains("already uses the slug &#39;taken&#39;");
        assertThat(conflict).contains("integration_slug_conflict");

        String endpoint = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                .formParam("displayName", "Plain").formParam("slug", "plain")
                .formParam("endpoint", "http://mcp.example.com/plain")
                .post("/ui/orgs/{org}/plugins", org)
                .then().statusCode(200).extract().asString();
        assertThat(fieldError(endpoint, "config.endpoint")).isNotBlank();

        for (String limit : new String[] {"12", "2000000", "lots"}) {
            String result = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                    .formParam("displayName", "Results").formParam("slug", "results")
                    .formParam("endpoint", "https://mcp.example.com/results").formParam("toolResultMaxChars", limit)
                    .post("/ui/orgs/{org}/plugins", org)
                    .then().statusCode(200).extract().asString();
            assertThat(fieldError(result, "config.toolResultMaxChars")).as(limit).isNotBlank();
            assertThat(result).contains("value=\"" + limit + "\"");
        }
    }

    @Test
    void aSessionThatCannotBeReadGetsAPageSayingToSignInAgain() {
        String page = given().auth().oauth2("not-a-token").redirects().follow(false).get("/ui/orgs/{org}/plugins", org)
                .then().statusCode(401).contentType(containsString("text/html")).extract().asString();
        assertThat(page).contains("Sign in again").contains("nothing was changed").doesNotContain("\"error\"");
    }

    @Test
    void anEditFormWithoutItsVersionCannotSkipTheStaleCheck() {
        String id = install(org, "versioned");
        String token = DevTokens.admin(org);
        String csrf = csrfTokens.tokenFor(marker(token));
        String current = ui(token).get("/ui/orgs/{org}/plugins/{id}", org, id).then().statusCode(200).extract().asString();
        Matcher version = Pattern.compile("name=\"version\" value=\"([0-9]+)\"").matcher(current);
        assertThat(version.find()).as("the edit form carries its version").isTrue();
        for (String forged : new String[] { null, "", " ", "*", "1,*", "\"" + version.group(1) + "\"", "W/1", "١٢٣" }) {
            var form = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("displayName", "Forged")
                    .formParam("endpoint", "https://mcp.example.com/versioned");
            if (forged != null) {
                form.formParam("version", forged);
            }
            String page = form.post("/ui/orgs/{org}/plugins/{id}", org, id).then().statusCode(200).extract().asString();
            assertThat(page).as("version %s", forged).contains("Someone saved changes to this plugin").contains("precondition_failed");
        }
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then().body("displayName", equalTo("Plugin versioned"));
        // The version the page gave applies.
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("displayName", "Renamed")
                .formParam("endpoint", "https://mcp.example.com/versioned").formParam("version", version.group(1))
                .post("/ui/orgs/{org}/plugins/{id}", org, id).then().statusCode(303);
    }

    @Test
    void aNewKeysCookieShowsItOnlyToItsSessionWhileFreshAndNeverWhenRevoked() {
        String token = DevTokens.admin(org);
        String csrf = csrfTokens.tokenFor(marker(token));
        var created = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("name", "shown-once")
                .post("/ui/orgs/{org}/api-keys", org).then().statusCode(303).extract();
        String location = created.header("Location");
        String keyId = location.substring(location.indexOf("created=") + "created=".length());
        String cookie = created.cookie(NewApiKeyCookie.NAME);

        String shown = ui(token).cookie(NewApiKeyCookie.NAME, cookie).get("/ui/orgs/{org}/api-keys?created=" + keyId, org)
                .then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .header("Set-Cookie", containsString(NewApiKeyCookie.NAME + "=;")).extract().asString();
        assertThat(shown).contains("data-testid=\"new-key\"").containsPattern("value=\"crk_[^\"]+\"");
        // Another session of the same user, another key's id, a cut cookie: nothing.
        String otherSession = DevTokens.admin(org);
        assertThat(ui(otherSession).cookie(NewApiKeyCookie.NAME, cookie).get("/ui/orgs/{org}/api-keys?created=" + keyId, org)
                .then().extract().asString()).doesNotContain("data-testid=\"new-key\"").contains("shown once");
        assertThat(ui(token).cookie(NewApiKeyCookie.NAME, cookie).get("/ui/orgs/{org}/api-keys?created=" + UUID.randomUUID(), org)
                .then().extract().asString()).doesNotContain("data-testid=\"new-key\"");
        assertThat(ui(token).cookie(NewApiKeyCookie.NAME, cookie.substring(0, cookie.length() - 4))
                .get("/ui/orgs/{org}/api-keys?created=" + keyId, org).then().extract().asString()).doesNotContain("data-testid=\"new-key\"");
        // A copy sealed more than two minutes ago (a replay) shows nothing.
        UUID orgId = UUID.fromString(org);
        String old = Base64.getUrlEncoder().withoutPadding().encodeToString(ai.crafted.events.EventJson.write(keyrings.sealAtRest(
                (java.time.Instant.now().getEpochSecond() - NewApiKeyCookie.MAX_AGE_SECONDS - 5) + "|crk_replayed",
                NewApiKeyCookie.associatedData(orgId, UUID.fromString(keyId), marker(token)))).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ui(token).cookie(NewApiKeyCookie.NAME, old).get("/ui/orgs/{org}/api-keys?created=" + keyId, org)
                .then().extract().asString()).doesNotContain("crk_replayed");
        // Revoked within the two minutes: not shown either.
        asAdmin(org).delete("/organizations/{org}/api-keys/{id}", org, keyId).then().statusCode(204);
        assertThat(ui(token).cookie(NewApiKeyCookie.NAME, cookie).get("/ui/orgs/{org}/api-keys?created=" + keyId, org)
                .then().extract().asString()).doesNotContain("data-testid=\"new-key\"");
    }

    @Test
    void aTestedOrRefusedEditNeverStoresATypedCredentialAndKeysAreOwnedByIdNotName() {
        String id = install(org, "guarded");
        String token = DevTokens.admin(org);
        String csrf = csrfTokens.tokenFor(marker(token));
        // "Test connection" with a header the MCP client sets itself: refused on its field, like a stored credential.
        String tested = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("displayName", "T")
                .formParam("endpoint", "https://localhost:1/mcp").formParam("credential", "new")
                .formParam("newCredentialType", "header").formParam("newCredentialHeader", "Host")
                .formParam("newCredentialSecret", "s3cret").post("/ui/orgs/{org}/plugins/new/test", org)
                .then().statusCode(200).extract().asString();
        assertThat(fieldError(tested, "newCredentialHeader")).contains("set by the MCP client");
        // A stale edit that also types a new credential stores neither.
        String stale = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("displayName", "Stale")
                .formParam("endpoint", "https://mcp.example.com/guarded").formParam("version", "1")
                .formParam("credential", "new").formParam("newCredentialName", "from-a-stale-form")
                .formParam("newCredentialType", "bearer").formParam("newCredentialSecret", "s3cret")
                .post("/ui/orgs/{org}/plugins/{id}", org, id).then().statusCode(200).extract().asString();
        assertThat(stale).contains("precondition_failed");
        asAdmin(org).get("/organizations/{org}/credentials", org).then().body("total", equalTo(0));

        // A key merely named like a WhatsApp app's is not shown as that app's.
        String app = asAdmin(org).body("""
                {"phoneNumberId":"5550001112","displayName":"Owned line","accessToken":"EAAG-token","appSecret":"secret",
                 "verifyToken":"verify-token","model":"m"}""").post("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(201).extract().path("id");
        asAdmin(org).body("{\"name\":\"whatsapp:" + app + "\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201);
        String keys = ui(token).get("/ui/orgs/{org}/api-keys", org).then().statusCode(200).extract().asString();
        assertThat(keys.split("WhatsApp app <a", -1)).as("only the app's own key is shown as the app's").hasSize(2);
    }

    @Test
    void anotherOrganisationIsNeverShown() {
        String foreign = newOrg();
        String foreignPlugin = install(foreign, "secret-crm");
        String token = DevTokens.admin(org);
        ui(token).get("/ui/orgs/{org}/plugins", foreign).then().statusCode(403)
                .body(containsString("forbidden"), not(containsString("secret-crm")));
        // The organisation switcher's target is checked like any other page.
        ui(token).get("/ui?org={org}", foreign).then().statusCode(303);
        ui(token).get("/ui/orgs/{org}/no-such-page", org).then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("not_found"));
        // Someone else's id under our own organisation: exactly like an id that does not exist.
        UUID missingId = UUID.randomUUID();
        String missing = ui(token).get("/ui/orgs/{org}/plugins/{id}", org, missingId)
                .then().statusCode(404).extract().asString();
        String theirs = ui(token).get("/ui/orgs/{org}/plugins/{id}", org, foreignPlugin)
                .then().statusCode(404).extract().asString();
        assertThat(theirs.replace(foreignPlugin, "ID")).isEqualTo(missing.replace(missingId.toString(), "ID"))
                .doesNotContain("secret-crm");
    }

    @Test
    void aCredentialCreatedInTheUiNeverShowsItsSecret() {
        String token = DevTokens.admin(org);
        String secret = "sk_live_" + UUID.randomUUID();
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrfTokens.tokenFor(marker(token)))
                .formParam("name", "crm-token").formParam("type", "bearer").formParam("secret", secret)
                .post("/ui/orgs/{org}/credentials", org)
                .then().statusCode(303);
        ui(token).get("/ui/orgs/{org}/credentials", org).then().statusCode(200)
                .body(containsString("crm-token"), not(containsString(secret)));
    }

    @Test
    void deletingAPluginAndAnUnusedCredentialFromTheUi() {
        String plugin = install(org, "old-crm");
        String credential = storeBearer(org, "unused", "s3cret-value");
        String token = DevTokens.admin(org);
        String csrf = csrfTokens.tokenFor(marker(token));
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                .post("/ui/orgs/{org}/plugins/{id}/delete", org, plugin)
                .then().statusCode(303).header("Location", containsString("/plugins?notice=deleted"));
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, plugin).then().statusCode(404);
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                .post("/ui/orgs/{org}/credentials/{id}/delete", org, credential)
                .then().statusCode(303);
        asAdmin(org).get("/organizations/{org}/credentials/{id}", org, credential).then().statusCode(404);
    }

    @Test
    void signingOutEndsTheSessionOnTheServerSoACopiedTokenStopsWorking() {
        String token = DevTokens.admin(org);
        String other = DevTokens.admin(org);
        String page = ui(token).get("/ui/orgs/{org}/plugins", org).then().statusCode(200).extract().asString();
        assertThat(page).contains("action=\"/ui/sign-out\"");

        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrfOf(page)).post("/ui/sign-out")
                .then().statusCode(303).header("Location", endsWith("/ui/logout"));

        // The same session (a copied cookie, here the same token) is sent to sign in again...
        ui(token).get("/ui/orgs/{org}/plugins", org).then().statusCode(303).header("Location", endsWith("/ui/logout"));
        // ...while another session of the same user is not affected.
        ui(other).get("/ui/orgs/{org}/plugins", org).then().statusCode(200);
        // Signing out needs the CSRF token like every other form.
        ui(other).contentType(ContentType.URLENC).post("/ui/sign-out").then().statusCode(403);
        ui(other).get("/ui/orgs/{org}/plugins", org).then().statusCode(200);
    }

    private static String fieldError(String page, String field) {
        Matcher m = Pattern.compile("data-field-error=\"" + Pattern.quote(field) + "\"[^>]*>([^<]*)<").matcher(page);
        assertThat(m.find()).as("error element for " + field).isTrue();
        return m.group(1);
    }

    /** What the server binds CSRF tokens to (OrganizationAccess#sessionMarker), read from the token. */
    private static String marker(String jwt) {
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            return claims.path("sub").asText() + "|" + claims.path("iat").asLong() + "|" + claims.path("jti").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
