package ai.crafted.e2e;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import ai.crafted.events.TopicSpec;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.auth.OAuthValues;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.OAuthMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresAdmin;

/**
 * An OAuth-protected MCP server from connect to reconnect, across the real services: an admin
 * creates the credential and connects it in Chromium (consent page of the fixture's authorization
 * server, pre-registered client with a secret), installs the server, and the gateway calls its tool
 * with the access token; tokens living {@value #TOKEN_SECONDS} s are refreshed in the background
 * and no call is refused while they rotate; a revoked refresh token makes the credential "reconnect
 * needed" on the plugin list, the credential page and in the tool's result; a reconnect in the
 * browser makes it work again, with the scope a tool asked for in a 403 {@code insufficient_scope}
 * (step-up) now granted. Last, a canary check: no access token, refresh token or client
 * secret in any service log, Kafka topic, API answer, model request or database row.
 */
class OAuthEndToEndTest {

    private static final int TOKEN_SECONDS = 8;
    private static final String CLIENT_ID = "registered-e2e-client";
    private static final String CLIENT_SECRET = "cs-canary-" + OAuthValues.random();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningStack stack;
    private static OAuthMcpServer server;

    private final String org = UUID.randomUUID().toString();
    /** Every answer of the control panel's API and every request the model got, for the canary check. */
    private final List<String> seenByClients = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
        server = OAuthMcpServer.start(stack.vertx());
        server.askForConsent();
        server.accessTokenLifetime(Duration.ofSeconds(TOKEN_SECONDS));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectRefreshRevokeAndReconnectAnOAuthMcpServer() throws Exception {
        browser("connect");
        JsonNode credential = credentialNamed("tracker-oauth");
        String credentialId = credential.path("id").asText();
        assertThat(credential.path("oauth").path("status").asText()).isEqualTo("connected");
        assertThat(server.seen()).as("a pre-registered client registers nothing").noneMatch(s -> s.path().equals("/register"));
        assertThat(server.seen()).filteredOn(s -> s.path().equals("/token")).first()
                .satisfies(token -> assertThat(token.parameters().getOrDefault("Authorization", token.parameters()
                        .getOrDefault("client_secret", ""))).as("the client authenticates at the token endpoint").isNotEmpty());

        String pluginId = api().body("""
                {"kind":"mcp","slug":"tracker","displayName":"Tracker","config":{"endpoint":"%s"},"credentialId":"%s"}"""
                .formatted(server.endpoint(), credentialId))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        String refreshed = api().post("/organizations/{org}/integrations/{id}/refresh", org, pluginId)
                .then().statusCode(200).extract().asString();
        seenByClients.add(refreshed);
        assertThat(JsonPath.from(refreshed).getList("toolCatalog.name", String.class)).as(refreshed)
                .containsExactlyInAnyOrder("whoami", OAuthMcpServer.ADMIN_TOOL);
        String key = api().body("{\"name\":\"oauth-e2e\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("key");

        // A tool call through the gateway with the connected grant's access token.
        AtomicReference<String> first = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            first.set(callWhoami(key));
            assertThat(first.get()).startsWith("generation ");
        });

        // Tokens expire every few seconds: calls keep going through while they are refreshed and rotated.
        // (Refusals before this point are connect's discovery probe, which asks without a token on purpose.)
        int refusedBefore = server.refusals().size();
        int before = server.generation();
        Instant deadline = Instant.now().plusSeconds(TOKEN_SECONDS * 6L);
        while (server.generation() < before + 3 && Instant.now().isBefore(deadline)) {
            assertThat(callWhoami(key)).as("every call while tokens rotate").startsWith("generation ");
            Thread.sleep(200);
        }
        assertThat(server.generation()).as("tokens were refreshed").isGreaterThanOrEqualTo(before + 3);
        assertThat(server.refusals().subList(refusedBefore, server.refusals().size()))
                .as("no MCP request was refused while tokens rotated").isEmpty();
        recordRotationDelays(before + 1, server.generation() - 1);

        // A tool needs a scope the grant lacks (403 insufficient_scope): the gateway asks the credential's
        // owner for a step-up, the credential says a reconnect is needed for it, and the reconnect below asks for it.
        assertThat(callTool(key, OAuthMcpServer.ADMIN_TOOL)).contains("needs more access").contains(OAuthMcpServer.ADMIN_SCOPE);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(credentialNamed("tracker-oauth").path("oauth").path("stepUpScope").asText()).isEqualTo(OAuthMcpServer.ADMIN_SCOPE));
        assertThat(credentialNamed("tracker-oauth").path("oauth").path("warning").asText()).contains("needs more access");

        // The refresh token is revoked: the next refresh is refused and the credential needs a reconnect.
        server.revokeRefreshTokens();
        await().atMost(Duration.ofSeconds(TOKEN_SECONDS * 3L)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(credentialNamed("tracker-oauth").path("oauth").path("status").asText()).isEqualTo("reconnect_needed"));
        assertThat(credentialNamed("tracker-oauth").path("oauth").path("problem").asText()).contains("invalid_grant");
        await().atMost(Duration.ofSeconds(TOKEN_SECONDS * 3L)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(callWhoami(key)).contains("needs a reconnect").contains("Credentials"));
        String failedRefresh = api().post("/organizations/{org}/integrations/{id}/refresh", org, pluginId)
                .then().statusCode(200).extract().asString();
        seenByClients.add(failedRefresh);
        assertThat(JsonPath.from(failedRefresh).getString("lastRefreshError")).contains("needs a reconnect");
        browser("reconnect-needed");

        // A reconnect in the browser: the tool works again with a new grant.
        browser("reconnect");
        int reconnected = server.generation();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String answer = callWhoami(key);
            assertThat(answer).startsWith("generation ");
            assertThat(Integer.parseInt(answer.substring("generation ".length()))).isGreaterThanOrEqualTo(reconnected);
        });
        assertThat(credentialNamed("tracker-oauth").path("oauth").path("status").asText()).isEqualTo("connected");
        assertThat(credentialNamed("tracker-oauth").path("oauth").path("stepUpScope").isNull()).as("the step-up was granted").isTrue();
        assertThat(callTool(key, OAuthMcpServer.ADMIN_TOOL)).startsWith("closed all issues").contains(OAuthMcpServer.ADMIN_SCOPE);
        seenByClients.add(api().get("/organizations/{org}/integrations", org).then().statusCode(200).extract().asString());

        noSecretAnywhere(credentialId);
    }

    /**
     * How long each rotated access token took from the authorization server to its first use by the
     * gateway (calls every ~200 ms, so each figure is at most that much above the propagation time),
     * written to {@code target/oauth-rotation.txt} and compared with the token lifetime.
     */
    private void recordRotationDelays(int from, int to) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int generation = from; generation <= to; generation++) {
            Instant issued = server.issuedAt(generation);
            Instant used = server.firstUsedAt(generation);
            if (issued != null && used != null) {
                long millis = Duration.between(issued, used).toMillis();
                lines.add("generation " + generation + ": first used " + millis + " ms after issue ("
                        + String.format("%.3f", millis / (TOKEN_SECONDS * 1000.0)) + " of the token lifetime)");
            }
        }
        assertThat(lines).as("rotated tokens the gateway used").isNotEmpty();
        Files.write(Path.of("target/oauth-rotation.txt"), lines);
        lines.forEach(System.out::println);
    }

    /** Greps everything a token or the client secret must never reach. */
    private void noSecretAnywhere(String credentialId) throws IOException, SQLException {
        List<String> secrets = new ArrayList<>(server.issuedAccessTokens());
        secrets.addAll(server.issuedRefreshTokens());
        secrets.add(CLIENT_SECRET);
        assertThat(secrets).hasSizeGreaterThan(6);

        Map<String, String> places = new java.util.LinkedHashMap<>();
        for (String service : List.of("integrations-service", "catalog-refresher", "gateway-service", "whatsapp-worker")) {
            places.put(service + " log", Files.readString(stack.logFile(service)));
        }
        for (TopicSpec topic : Topics.ALL) {
            StringBuilder records = new StringBuilder();
            BrokerRecords.read(KafkaBrokerResource.bootstrapServers(), topic.name()).forEach(r -> records.append(r.value())
                    .append('\n').append(r.headers().toString()).append('\n'));
            places.put("topic " + topic.name(), records.toString());
        }
        places.put("API answers and model requests", String.join("\n", seenByClients)
                + api().get("/organizations/{org}/credentials", org).then().extract().asString());
        places.put("integrations database", rowsAsText(stack.database("integrations-service"), "credentials",
                "oauth_authorizations", "outbox_events"));
        places.put("catalog database", rowsAsText(stack.database("catalog-refresher"), "refresh_targets", "outbox_events"));

        for (Map.Entry<String, String> place : places.entrySet()) {
            for (String secret : secrets) {
                assertThat(place.getValue()).as("%s holds no token or client secret", place.getKey()).doesNotContain(secret);
            }
        }
        assertThat(places.get("integrations database")).as("the credential rows were read").contains(CLIENT_ID);
        assertThat(places.get("topic " + Topics.CREDENTIAL_UPDATED)).as("the rotations were published").contains(credentialId);
    }

    private static String rowsAsText(String database, String... tables) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection c = DriverManager.getConnection(PostgresAdmin.jdbcUrl(database), PostgresAdmin.USER, PostgresAdmin.PASSWORD);
                Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rows = s.executeQuery("select t::text from " + table + " t")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private String callWhoami(String key) {
        return callTool(key, "whoami");
    }

    /** One chat through the gateway in which the model calls the tracker's tool; answers the tool's result as the model got it. */
    private String callTool(String key, String tool) {
        ScriptedUpstream upstream = stack.upstream();
        upstream.reset();
        upstream.thenAnswer(toolCalls("tracker__" + tool, "{}")).thenAnswer(text("done"));
        given().baseUri(stack.url("gateway-service")).header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"who am I?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        List<JsonNode> requests = upstream.requests();
        requests.forEach(r -> seenByClients.add(r.toString()));
        assertThat(requests).as("the model was asked twice: the tool's result went back").hasSize(2);
        JsonNode messages = requests.get(1).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private JsonNode credentialNamed(String name) throws IOException {
        String body = api().get("/organizations/{org}/credentials", org).then().statusCode(200).extract().asString();
        seenByClients.add(body);
        for (JsonNode item : JSON.readTree(body).path("items")) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("credential " + name + " is not listed: " + body);
    }

    private void browser(String phase) throws IOException, InterruptedException {
        BrowserScenarios.run(stack, "oauth-connect.test.mjs", "oauth-browser-" + phase + ".log", Map.of("PHASE", phase,
                "ORG_ID", org, "OAUTH_MCP_URL", server.endpoint(), "OAUTH_CLIENT_ID", CLIENT_ID,
                "OAUTH_CLIENT_SECRET", CLIENT_SECRET));
    }

    private RequestSpecification api() {
        return given().baseUri(stack.url("integrations-service")).auth().oauth2(DevTokens.admin(org))
                .header("X-Org-Id", org).contentType(ContentType.JSON);
    }
}
