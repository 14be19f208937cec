package ai.crafted.integrations.oauth;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

import ai.crafted.events.CredentialStepUpRequestedEvent;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.OAuthMcpServer;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * An OAuth credential against a real authorization code flow ({@link OAuthMcpServer}: a
 * protected MCP server and its authorization server): connect discovers the server from the 401,
 * registers a client, and answers an authorization URL with PKCE S256, state and resource; the
 * callback stores the tokens sealed and publishes the access token sealed; tokens are refreshed
 * before they expire (the rotated refresh token is used next); a revoked grant makes the
 * credential "reconnect needed", named with the reason; connecting again repairs it. No token
 * ever appears in an API response or in plaintext on the topic.
 */
@QuarkusTest
class OAuthCredentialTest {

    private static Vertx vertx;
    private static OAuthMcpServer server;

    private final String org = newOrg();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = OAuthMcpServer.start(vertx);
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close();
    }

    @Test
    void connectRefreshLoseAndReconnectAGrant() throws Exception {
        server.accessTokenLifetime(Duration.ofHours(1));
        String id = createOAuth("tracker");
        JsonPath created = credential(id);
        assertThat(created.getString("oauth.status")).isEqualTo("pending");
        assertThat(created.getString("fingerprint")).isNull();

        connect(id);
        JsonPath connected = credential(id);
        assertThat(connected.getString("oauth.status")).isEqualTo("connected");
        assertThat(connected.getString("oauth.problem")).isNull();
        assertThat(connected.getString("oauth.expiresAt")).isNotNull();
        assertThat(connected.getString("oauth.clientId")).startsWith("client-");
        assertThat(server.seen().stream().filter(s -> s.path().equals("/register")).reduce((a, b) -> b).orElseThrow().parameters())
                .as("dynamic client registration names the application type (SEP-837)").containsEntry("application_type", "native");
        assertThat(connected.getString("fingerprint")).isNotNull();
        var authorize = server.seen().stream().filter(s -> s.path().equals("/authorize")).reduce((a, b) -> b).orElseThrow();
        assertThat(authorize.parameters()).containsEntry("code_challenge_method", "S256").containsEntry("resource", server.endpoint())
                .containsKey("state").containsKey("code_challenge");
        assertThat(authorize.parameters().get("scope")).contains("tools:read", "tools:call", "offline_access");
        assertThat(openedSecrets(id)).last().isEqualTo(server.latestAccessToken());

        // Expiring soon: refreshed ahead of time with the refresh token, and the rotated one is used next.
        server.accessTokenLifetime(Duration.ofSeconds(20));
        long refreshesBefore = refreshRequests(); // the server is shared by every test of the class
        TestDatabase.update("update credentials set oauth_refresh_at = now() where id = ?", UUID.fromString(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> refreshRequests() >= refreshesBefore + 2);
        server.accessTokenLifetime(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> openedSecrets(id).size() >= 3);
        assertThat(openedSecrets(id)).doesNotHaveDuplicates();
        assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");
        // A refresh continues the grant: same version as the connect, so the catalogs listed with it stay current.
        List<CredentialUpdatedEvent> events = events(id);
        long connectedVersion = events.stream().filter(e -> "connected".equals(e.oauthStatus())).findFirst().orElseThrow().version();
        assertThat(events.subList(1, events.size())).allSatisfy(e -> assertThat(e.version()).isEqualTo(connectedVersion));

        // A connect started and abandoned leaves the working grant as it was.
        long eventsBefore = events(id).size();
        ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials/{id}/connect", org, id).then().statusCode(303);
        assertThat(TestDatabase.query("select version from credentials where id = ?", UUID.fromString(id)).get(0).get("version"))
                .isEqualTo(connectedVersion);
        assertThat(events(id)).hasSize((int) eventsBefore);
        assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");

        // Its tokens go only to the MCP server they were issued for.
        asAdmin(org).body("""
                {"kind":"mcp","slug":"elsewhere","displayName":"Elsewhere","config":{"endpoint":"https://mcp.example.com/other"},
                 "credentialId":"%s"}""".formatted(id)).post("/organizations/{org}/integrations", org).then().statusCode(400)
                .body("error.field", equalTo("credentialId"));
        asAdmin(org).body("""
                {"kind":"mcp","slug":"tracker","displayName":"Tracker","config":{"endpoint":"%s"},"credentialId":"%s"}"""
                .formatted(server.endpoint(), id)).post("/organizations/{org}/integrations", org).then().statusCode(201);

        // The grant is revoked: the next refresh is refused, and the credential says so.
        server.revokeRefreshTokens();
        TestDatabase.update("update credentials set oauth_refresh_at = now() where id = ?", UUID.fromString(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> "reconnect_needed".equals(credential(id).getString("oauth.status")));
        assertThat(credential(id).getString("oauth.problem")).contains("invalid_grant").contains("connect again");
        assertThat(lastEvent(id).oauthStatus()).isEqualTo("reconnect_needed");
        // The plugin list names it on every plugin that uses the credential, in the API and on the page.
        assertThat(asAdmin(org).get("/organizations/{org}/integrations", org).then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.slug == 'tracker' }.credentialProblem")).contains("needs a reconnect").contains("invalid_grant");
        assertThat(ui(DevTokens.admin(org)).get("/ui/orgs/{org}/plugins", org).then().statusCode(200).extract().asString())
                .contains("data-testid=\"credential-problem\"").contains("needs a reconnect");

        // Connecting again repairs it.
        connect(id);
        assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");
        assertThat(credential(id).getString("oauth.problem")).isNull();
        assertThat(lastEvent(id).oauthStatus()).isEqualTo("connected");
        assertThat(asAdmin(org).get("/organizations/{org}/integrations", org).then().extract().jsonPath()
                .getString("items.find { it.slug == 'tracker' }.credentialProblem")).isNull();

        // No token in any answer about the credential, nor in plaintext on the topic.
        String answers = asAdmin(org).get("/organizations/{org}/credentials", org).asString() + credential(id).prettify();
        for (String token : server.issuedAccessTokens()) {
            assertThat(answers).doesNotContain(token);
            assertThat(TestDatabase.query("select payload from outbox_events where message_key = ?", id).toString())
                    .doesNotContain(token);
        }
    }

    @Test
    void aStepUpIsAskedForAtTheNextConnectAndAnExpiringRefreshTokenIsWarnedAbout() throws Exception {
        server.refreshTokenLifetime(Duration.ofDays(2));
        try {
            String id = createOAuth("stepping");
            connect(id);
            JsonPath connected = credential(id);
            assertThat(connected.getString("oauth.refreshTokenExpiresAt")).isNotNull();
            assertThat(connected.getString("oauth.warning")).contains("authorization ends").contains("reconnect before then");
            assertThat(connected.getString("oauth.scope")).doesNotContain(OAuthMcpServer.ADMIN_SCOPE);
            asAdmin(org).body("""
                    {"kind":"mcp","slug":"stepping","displayName":"Stepping","config":{"endpoint":"%s"},"credentialId":"%s"}"""
                    .formatted(server.endpoint(), id)).post("/organizations/{org}/integrations", org).then().statusCode(201);

            // What the gateway publishes on a 403 insufficient_scope; requests for granted scope, another
            // organisation's credential or an unknown schema change nothing, the lacking scopes add up.
            long version = ((Number) TestDatabase.query("select version from credentials where id = ?", UUID.fromString(id))
                    .get(0).get("version")).longValue();
            stepUp(org, id, version, 1, "tools:read");
            stepUp(newOrg(), id, version, 1, "other-org:scope");
            stepUp(org, id, version, 2, "unknown-schema:scope");
            stepUp(org, id, version, 1, OAuthMcpServer.ADMIN_SCOPE);
            stepUp(org, id, version, 1, "tools:read " + OAuthMcpServer.ADMIN_SCOPE + " reports:read");
            await().atMost(Duration.ofSeconds(20)).until(() -> (OAuthMcpServer.ADMIN_SCOPE + " reports:read")
                    .equals(credential(id).getString("oauth.stepUpScope")));
            JsonPath stepping = credential(id);
            assertThat(stepping.getString("oauth.status")).as("the grant still works for the rest").isEqualTo("connected");
            assertThat(stepping.getString("oauth.warning")).contains("needs more access").contains(OAuthMcpServer.ADMIN_SCOPE)
                    .contains("authorization ends");
            assertThat(asAdmin(org).get("/organizations/{org}/integrations", org).then().statusCode(200).extract().jsonPath()
                    .getString("items.find { it.slug == 'stepping' }.credentialWarning")).contains("stepping").contains("reports:read");
            assertThat(ui(DevTokens.admin(org)).get("/ui/orgs/{org}/plugins", org).then().statusCode(200).extract().asString())
                    .contains("data-testid=\"credential-warning\"").contains("Reconnect soon");
            assertThat(ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials", org).then().statusCode(200).extract().asString())
                    .contains("data-testid=\"oauth-warning\"");

            // The next connect asks for the lacking scopes too; once granted, nothing is left to ask for.
            connect(id);
            var authorize = server.seen().stream().filter(s -> s.path().equals("/authorize")).reduce((a, b) -> b).orElseThrow();
            assertThat(authorize.parameters().get("scope").split(" ")).contains("tools:read", "tools:call",
                    OAuthMcpServer.ADMIN_SCOPE, "reports:read");
            JsonPath reconnected = credential(id);
            assertThat(reconnected.getString("oauth.stepUpScope")).isNull();
            assertThat(reconnected.getString("oauth.scope")).contains(OAuthMcpServer.ADMIN_SCOPE);

            // Without refresh_token_expires_in the expiry is unknown, and nothing is warned about.
            server.refreshTokenLifetime(null);
            connect(id);
            assertThat(credential(id).getString("oauth.refreshTokenExpiresAt")).isNull();
            assertThat(credential(id).getString("oauth.warning")).isNull();
        } finally {
            server.refreshTokenLifetime(null);
        }
    }

    @Test
    void anAuthorizationServerThatCannotAnswerIsAskedAgainLaterAndTheCredentialSaysSo() throws Exception {
        server.accessTokenLifetime(Duration.ofHours(1));
        String id = createOAuth("flaky");
        connect(id);
        long eventsBefore = events(id).size();
        server.tokenEndpointDown(true);
        try {
            TestDatabase.update("update credentials set oauth_refresh_at = now() where id = ?", UUID.fromString(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> credential(id).getString("oauth.problem") != null);
            JsonPath waiting = credential(id);
            assertThat(waiting.getString("oauth.status")).as("the token still works until it expires").isEqualTo("connected");
            assertThat(waiting.getString("oauth.problem")).contains("could not refresh").contains("503").contains("trying again at");
            // An hour's token left: the next attempt waits the longest wait, not one scan.
            var row = TestDatabase.query("select oauth_refresh_at > now() + interval '4 minutes' as later from credentials where id = ?",
                    UUID.fromString(id)).get(0);
            assertThat(row.get("later")).isEqualTo(true);
            assertThat(events(id)).as("nothing changed for the services that use it").hasSize((int) eventsBefore);
        } finally {
            server.tokenEndpointDown(false);
        }
        TestDatabase.update("update credentials set oauth_refresh_at = now() where id = ?", UUID.fromString(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> credential(id).getString("oauth.problem") == null);
        assertThat(events(id)).as("the refreshed token was published").hasSize((int) eventsBefore + 1);
    }

    /** A new OAuth credential for the fixture server (pending), by id. */
    private String createOAuth(String name) {
        return asAdmin(org).body("""
                {"name":"%s","type":"oauth","resource":"%s"}""".formatted(name, server.endpoint()))
                .post("/organizations/{org}/credentials", org).then().statusCode(201).extract().path("id");
    }

    private static long refreshRequests() {
        return server.seen().stream().filter(s -> "refresh_token".equals(s.parameters().get("grant_type"))).count();
    }

    @Test
    void aServerThatTricklesOrAnswersTooMuchIsCutOff() throws Exception {
        String id = createOAuth("hostile");
        connect(id);
        // A token endpoint that sends a byte a second: the refresh ends at the request deadline
        // (integrations.oauth.request-timeout, 5 s in tests) and is tried again later, not held open.
        server.tokenEndpointTrickles(true);
        try {
            TestDatabase.update("update credentials set oauth_refresh_at = now() where id = ?", UUID.fromString(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> credential(id).getString("oauth.problem") != null);
            assertThat(credential(id).getString("oauth.problem")).contains("no complete answer within 5 s");
            assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");
        } finally {
            server.tokenEndpointTrickles(false);
        }
        // Metadata over the answer size limit is refused, not read into memory whole.
        server.oversizedMetadata(true);
        try {
            String other = createOAuth("oversized");
            asAdmin(org).post("/organizations/{org}/credentials/{id}/connect", org, other).then().statusCode(502)
                    .body("error.code", equalTo("oauth_connect_failed"));
            assertThat(credential(other).getString("oauth.problem")).contains("size limit");
        } finally {
            server.oversizedMetadata(false);
        }
    }

    private static void stepUp(String organization, String credentialId, long version, int schemaVersion, String scope) {
        TopicWriter.send(Topics.CREDENTIAL_STEP_UP_REQUESTED, credentialId, new CredentialStepUpRequestedEvent(schemaVersion,
                UUID.randomUUID(), java.time.Instant.now(), UUID.fromString(organization), UUID.fromString(credentialId), version,
                scope, UUID.randomUUID(), OAuthMcpServer.ADMIN_TOOL));
    }

    @Test
    void theClientMetadataDocumentDescribesTheClientWithoutAuthentication() {
        // The test profile's public base URL is a loopback http one: a native client in OpenID Connect terms (SEP-837).
        JsonPath metadata = given().get("/oauth/client-metadata.json").then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getString("client_id")).endsWith("/oauth/client-metadata.json");
        assertThat(metadata.getList("redirect_uris", String.class)).singleElement().asString().endsWith("/oauth/callback");
        assertThat(metadata.getString("application_type")).isEqualTo("native");
        assertThat(metadata.getString("token_endpoint_auth_method")).isEqualTo("none");
    }

    @Test
    void malformedAnswersOfTheAuthorizationServerFailTheConnectWithAReason() throws Exception {
        String id = createOAuth("malformed");
        for (String variant : List.of("no-code", "empty-code", "empty-error", "two-iss", "two-codes")) {
            Browser browser = authorizeAndGetCallback(id);
            Map<String, String> answer = new java.util.LinkedHashMap<>();
            for (String pair : URI.create("http://x" + browser.callbackPath()).getRawQuery().split("&")) {
                answer.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            String state = "state=" + answer.get("state");
            String iss = "iss=" + answer.get("iss");
            String query = switch (variant) {
                case "no-code" -> state + "&" + iss;
                case "empty-code" -> "code=&" + state + "&" + iss;
                case "empty-error" -> "error=&" + state;
                case "two-iss" -> "code=" + answer.get("code") + "&" + state + "&" + iss + "&iss=https%3A%2F%2Fevil.example";
                default -> "code=" + answer.get("code") + "&code=other&" + state + "&" + iss;
            };
            new Browser("/oauth/callback?" + query, browser.cookie()).callback().then().statusCode(303)
                    .header("Location", endsWith("/credentials?notice=oauth-failed"));
            assertThat(credential(id).getString("oauth.problem")).as(variant).isNotBlank().doesNotContain(": null");
            assertThat(credential(id).getString("oauth.status")).as(variant).isEqualTo("pending");
        }
    }

    @Test
    void aCallbackIsSingleUseAndAnUnknownStateIsRefused() throws Exception {
        String id = createOAuth("once");
        Browser browser = authorizeAndGetCallback(id);
        browser.callback().then().statusCode(303);
        Response again = browser.callback();
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.jsonPath().getString("error.field")).isEqualTo("state");
        given().redirects().follow(false).get("/oauth/callback?code=x&state=" + UUID.randomUUID()).then().statusCode(400);
        given().redirects().follow(false).get("/oauth/callback?code=x").then().statusCode(400);
        given().redirects().follow(false).get("/oauth/callback?code=x&state=a&state=b").then().statusCode(400)
                .body("error.field", equalTo("state"));
    }

    @Test
    void theAnswerMustReachTheBrowserThatStartedTheConnect() throws Exception {
        String id = createOAuth("bound");
        // The API names the control panel's start URL, which must be opened in the admin's browser.
        String start = asAdmin(org).post("/organizations/{org}/credentials/{id}/connect", org, id).then().statusCode(200)
                .extract().path("authorizationUrl");
        assertThat(start).endsWith("/ui/orgs/" + org + "/credentials/" + id + "/connect");
        // Another browser (no cookie, or another one) delivering the answer completes nothing and learns
        // nothing (no organisation in the answer), and neither spends the authorization nor marks the
        // credential: the admin's own browser still completes it.
        for (String cookie : new String[] {null, "crafted_not-the-one"}) {
            Browser browser = authorizeAndGetCallback(id);
            String statusBefore = credential(id).getString("oauth.status");
            var request = given().urlEncodingEnabled(false).redirects().follow(false);
            if (cookie != null) {
                request.cookie(OAuthResource.BINDING_COOKIE, cookie);
            }
            Response other = request.get(browser.callbackPath());
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(other.jsonPath().getString("error.message")).contains("started in another browser").doesNotContain(org);
            assertThat(other.header("Location")).isNull();
            assertThat(credential(id).getString("oauth.status")).isEqualTo(statusBefore);
            assertThat(credential(id).getString("oauth.problem")).isNull();
            browser.callback().then().statusCode(303).header("Location", endsWith("/credentials?notice=oauth-connected"));
            assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");
        }
        connect(id);
        assertThat(credential(id).getString("oauth.status")).isEqualTo("connected");
    }

    @Test
    void badOAuthCredentialsAndConnectsAreClearErrors() {
        for (String body : List.of("{\"name\":\"a\",\"type\":\"oauth\"}",
                "{\"name\":\"a\",\"type\":\"oauth\",\"resource\":\"" + server.endpoint() + "\",\"secret\":\"x\"}",
                "{\"name\":\"a\",\"type\":\"oauth\",\"resource\":\"https://10.0.0.1/mcp\"}",
                "{\"name\":\"a\",\"type\":\"oauth\",\"resource\":\"" + server.endpoint() + "\",\"clientSecret\":\"s\"}",
                "{\"name\":\"a\",\"type\":\"bearer\",\"secret\":\"x\",\"resource\":\"" + server.endpoint() + "\"}",
                "{\"name\":\"a\",\"type\":\"oauth\",\"resource\":\"" + server.endpoint() + "\",\"scope\":\"a  b\"}")) {
            asAdmin(org).body(body).post("/organizations/{org}/credentials", org).then().statusCode(400)
                    .body("error.code", equalTo("invalid_credential"));
        }
        String bearer = storeBearer(org, "static", "static-secret");
        asAdmin(org).post("/organizations/{org}/credentials/{id}/connect", org, bearer).then().statusCode(400)
                .body("error.code", equalTo("invalid_credential"));
        asAdmin(org).post("/organizations/{org}/credentials/{id}/connect", org, UUID.randomUUID()).then().statusCode(404);
        // The UI's start URL with an id that is not this organisation's: a not-found page, not the list without a word.
        ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials/{id}/connect", org, UUID.randomUUID()).then().statusCode(404);

        // Discovery leads to an address the service must not reach: refused before it is fetched.
        String id = createOAuth("ssrf");
        server.authorizationServerOverride("https://169.254.169.254");
        try {
            String refused = ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials/{id}/connect", org, id).then().statusCode(200)
                    .extract().asString();
            assertThat(refused).contains("169.254.169.254").contains("not allowed").contains("data-testid=\"row-error\"");
        } finally {
            server.authorizationServerOverride(null);
        }
        asAdmin(org).body("{\"secret\":\"x\"}").post("/organizations/{org}/credentials/{id}/rotate", org, id).then().statusCode(400);

        // A server that answers without asking for OAuth, and one that cannot be reached: the reason, never "null".
        for (String[] resource : new String[][] {{server.issuer() + "/not-protected", "does not ask for OAuth"},
                {"https://127.0.0.1:1/mcp", "could not reach the MCP server"}}) {
            String other = asAdmin(org).body("""
                    {"name":"%s","type":"oauth","resource":"%s"}""".formatted(UUID.randomUUID(), resource[0]))
                    .post("/organizations/{org}/credentials", org).then().statusCode(201).extract().path("id");
            String page = ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials/{id}/connect", org, other).then().statusCode(200)
                    .extract().asString();
            assertThat(page).contains(resource[1]).doesNotContain(": null");
            // The API's connect finds it out before naming a start URL, and the credential keeps the reason.
            asAdmin(org).post("/organizations/{org}/credentials/{id}/connect", org, other).then().statusCode(502)
                    .body("error.code", equalTo("oauth_connect_failed"));
            assertThat(credential(other).getString("oauth.problem")).contains(resource[1]);
            assertThat(credential(other).getString("oauth.status")).isEqualTo("pending");
        }

        // A control panel opened under another host name than the public base URL's would lose the
        // binding cookie on the way back: the page says where to open it instead of starting.
        String elsewhere = ui(DevTokens.admin(org)).header("Host", "127.0.0.1").get("/ui/orgs/{org}/credentials/{id}/connect", org, id)
                .then().statusCode(200).extract().asString();
        assertThat(elsewhere).contains("this page is open at 127.0.0.1").contains("Open the control panel at http://localhost:8081/ui");
    }

    @Test
    void theCredentialPageCreatesConnectsAndShowsTheGrant() throws Exception {
        String token = DevTokens.admin(org);
        String page = ui(token).get("/ui/orgs/{org}/credentials", org).then().statusCode(200).extract().asString();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        assertThat(page).contains("/oauth/callback").contains("value=\"oauth\"");
        ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf.group(1)).formParam("name", "tracker-ui")
                .formParam("type", "oauth").formParam("resource", server.endpoint()).formParam("scope", " tools:read  tools:call ")
                .post("/ui/orgs/{org}/credentials", org)
                .then().statusCode(303);
        String listed = ui(token).get("/ui/orgs/{org}/credentials", org).then().statusCode(200).extract().asString();
        assertThat(listed).contains("tracker-ui").contains("not connected").contains(">Connect</button>")
                .contains("scope tools:read tools:call");
        String id = asAdmin(org).get("/organizations/{org}/credentials", org).then().extract().jsonPath()
                .getString("items.find { it.name == 'tracker-ui' }.id");

        Response started = ui(token).contentType(ContentType.URLENC).formParam("_csrf", csrf.group(1))
                .post("/ui/orgs/{org}/credentials/{id}/connect", org, id);
        started.then().statusCode(303);
        assertThat(started.header("Location")).startsWith(server.issuer() + "/authorize?");
        assertThat(started.header("Set-Cookie")).contains("HttpOnly").contains("Path=/oauth/callback").containsIgnoringCase("SameSite=Lax");
        new Browser(callbackFrom(started.header("Location")), started.getCookie(OAuthResource.BINDING_COOKIE)).callback()
                .then().statusCode(303);
        String connected = ui(token).get("/ui/orgs/{org}/credentials?notice=oauth-connected", org).then().statusCode(200)
                .extract().asString();
        assertThat(connected).contains("Connected.").contains(">Reconnect</button>").contains("data-testid=\"oauth-status\">connected");
    }

    private static io.restassured.specification.RequestSpecification ui(String token) {
        return given().auth().oauth2(token).redirects().follow(false);
    }

    /** A browser at the callback: the path the authorization server sent it to, and its binding cookie. */
    private record Browser(String callbackPath, String cookie) {

        Response callback() {
            return given().urlEncodingEnabled(false).redirects().follow(false).cookie(OAuthResource.BINDING_COOKIE, cookie)
                    .get(callbackPath);
        }
    }

    /** Connect, follow the authorization server's redirect, deliver the callback: the browser's part. */
    private void connect(String id) throws Exception {
        authorizeAndGetCallback(id).callback().then().statusCode(303)
                .header("Location", endsWith("/ui/orgs/" + org + "/credentials?notice=oauth-connected"));
    }

    /** The admin opens the start URL the API names (signed in to the control panel), then the authorization server's page. */
    private Browser authorizeAndGetCallback(String id) throws Exception {
        Response started = ui(DevTokens.admin(org)).get("/ui/orgs/{org}/credentials/{id}/connect", org, id);
        if (started.statusCode() != 303) {
            var rowError = java.util.regex.Pattern.compile("data-testid=\"row-error\">([^<]*)").matcher(started.asString());
            throw new AssertionError("connect did not start (" + started.statusCode() + "): "
                    + (rowError.find() ? rowError.group(1) : "no row error"));
        }
        return new Browser(callbackFrom(started.header("Location")), started.getCookie(OAuthResource.BINDING_COOKIE));
    }

    /** Visits the authorization URL as a browser would and answers the callback it redirects to, as a local path. */
    private static String callbackFrom(String authorizationUrl) throws Exception {
        HttpResponse<Void> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo("/oauth/callback");
        // The registered redirect URI names the public base URL; the test instance listens elsewhere.
        return location.getRawPath() + "?" + location.getRawQuery();
    }

    private JsonPath credential(String id) {
        return asAdmin(org).get("/organizations/{org}/credentials/{id}", org, id).then().statusCode(200).extract().jsonPath();
    }

    private static List<CredentialUpdatedEvent> events(String id) {
        return TestDatabase.query("select payload from outbox_events where topic = ? and message_key = ? order by id",
                Topics.CREDENTIAL_UPDATED, id).stream()
                .map(row -> EventJson.read(String.valueOf(row.get("payload")), CredentialUpdatedEvent.class)).toList();
    }

    private static CredentialUpdatedEvent lastEvent(String id) {
        List<CredentialUpdatedEvent> events = events(id);
        return events.get(events.size() - 1);
    }

    /** The access tokens the events carried, opened with the transport keyring as the gateway opens them. */
    private List<String> openedSecrets(String id) {
        var config = ConfigProvider.getConfig();
        AesGcmKeyring transport = AesGcmKeyring.parse(config.getValue("credentials.transport.keyring", String.class),
                config.getValue("credentials.transport.active-key-id", String.class));
        String aad = CredentialUpdatedEvent.associatedData(UUID.fromString(org), UUID.fromString(id));
        return events(id).stream().filter(e -> e.secret() != null && "connected".equals(e.oauthStatus()))
                .map(e -> transport.open(e.secret(), aad)).toList();
    }
}
