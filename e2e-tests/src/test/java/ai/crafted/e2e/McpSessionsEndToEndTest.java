package ai.crafted.e2e;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.NpmMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;

/**
 * MCP sessions across the running services: protocol 2026-07-28 negotiated with a real server and
 * shown in the control panel, tool changes announced by servers reaching the catalog without a
 * refresh (through the refresher's listening session, and through the gateway's tool calls), and a
 * warm server costing one HTTP exchange per tool call.
 */
class McpSessionsEndToEndTest {

    /** The fixture's log entry for an answer to the ping a tool call's stream carried. */
    private static final String CALL_PING_ANSWER = "(response to tools/call)";

    private static RunningStack stack;

    private final String org = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
    }

    @Test
    void a20260728ServerIsListedWithItsProtocolAndItsAnnouncedToolsArriveWithoutARefresh() {
        try (NpmMcpServer server = NpmMcpServer.sdk("sdk", false)) {
            String key = apiKey();
            String id = install("weather", server.endpoint());
            JsonNode integration = json(api().post("/organizations/{org}/integrations/{id}/refresh", org, id)
                    .then().statusCode(200).extract().asString());
            assertThat(integration.path("protocolVersion").asText()).isEqualTo("2026-07-28");
            assertThat(names(integration)).contains("forecast", "add_tool").doesNotContain("late_tool");

            ScriptedUpstream upstream = stack.upstream();
            OpenAIClient client = client(key);
            awaitTool(client, upstream, "weather__forecast");
            upstream.reset();
            upstream.thenAnswer(toolCalls("weather__forecast", "{\"region\":\"Zürich\"}"))
                    .thenAnswer(toolCalls("weather__add_tool", "{\"name\":\"late_tool\"}"))
                    .thenAnswer(text("Done."));
            client.chat().completions().create(params("Weather in Zürich, then add a tool"));
            assertThat(lastToolMessage(upstream.requests().get(1))).isEqualTo("sunny in Zürich for 1 day(s)");

            // The server announces the change on the refresher's subscriptions/listen stream: the
            // catalog gains the tool with nobody asking for a refresh.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                    names(json(api().get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                            .extract().asString()))).contains("late_tool"));
        }
    }

    @Test
    void gatewayCallsToAWarmServerAreOneExchangeEachAndAChangeTheyHearIsListed() {
        FixtureMcpServer fixture = FixtureMcpServer.start(stack.vertx());
        try {
            fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID."),
                    FixtureMcpServer.tool("announce_change", "Changes the tool list.")));
            String key = apiKey();
            String id = install("crm", fixture.url("/mcp-stream"));
            JsonNode integration = json(api().post("/organizations/{org}/integrations/{id}/refresh", org, id)
                    .then().statusCode(200).extract().asString());
            assertThat(integration.path("protocolVersion").asText()).isEqualTo("2025-11-25");

            ScriptedUpstream upstream = stack.upstream();
            OpenAIClient client = client(key);
            awaitTool(client, upstream, "crm__lookup_customer");
            upstream.reset();
            upstream.thenAnswer(toolCalls("crm__lookup_customer", "{\"id\":\"warm\"}")).thenAnswer(text("ok"));
            client.chat().completions().create(params("warm up"));
            // The warm-up's answer to its call's ping may still be on its way: start counting once
            // every tool call so far had its ping answered.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<String> log = List.copyOf(fixture.requestLog());
                assertThat(log).filteredOn(CALL_PING_ANSWER::equals).hasSameSizeAs(log.stream().filter("tools/call"::equals).toList());
            });

            int before = fixture.requestLog().size();
            int calls = 6;
            for (int i = 0; i < calls; i++) {
                upstream.reset();
                upstream.thenAnswer(toolCalls("crm__lookup_customer", "{\"id\":\"c-" + i + "\"}")).thenAnswer(text("ok"));
                client.chat().completions().create(params("customer " + i));
                assertThat(lastToolMessage(upstream.requests().get(1))).contains("c-" + i);
            }
            // Besides the calls: the gateway's answers to the ping this server sends on each call's
            // stream (posted on their own, so the last may land just after the chat returned), and
            // whatever the refresher's own listening session does (its lists and their pings).
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<String> log = List.copyOf(fixture.requestLog());
                assertThat(log.subList(before, log.size())).filteredOn(CALL_PING_ANSWER::equals).hasSize(calls);
            });
            List<String> seen = List.copyOf(fixture.requestLog().subList(before, fixture.requestLog().size()));
            assertThat(seen).as("exchanges during %d warm tool calls", calls)
                    .filteredOn(m -> !List.of("tools/list", "GET").contains(m) && !m.startsWith("(response to ")).hasSize(calls)
                    .containsOnly("tools/call");
            String metrics = given().baseUri(stack.managementUrl("gateway-service")).get("/q/metrics").then()
                    .statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("(?m)^mcp_sessions_open(\\{[^}]*})? [1-9]");
            String refresherMetrics = given().baseUri(stack.managementUrl("catalog-refresher")).get("/q/metrics").then()
                    .statusCode(200).extract().asString();
            assertThat(refresherMetrics).containsPattern("(?m)^mcp_sessions_listening(\\{[^}]*})? [1-9]");

            // The server announces a change on a tool call's own stream: the gateway asks for a refresh.
            fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID."),
                    FixtureMcpServer.tool("announce_change", "Changes the tool list."),
                    FixtureMcpServer.tool("lookup_order", "Lookup an order.")));
            upstream.reset();
            upstream.thenAnswer(toolCalls("crm__announce_change", "{\"id\":\"x\"}")).thenAnswer(text("ok"));
            client.chat().completions().create(params("change"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                    names(json(api().get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                            .extract().asString()))).contains("lookup_order"));
        } finally {
            fixture.close();
        }
    }

    private String apiKey() {
        return api().body("{\"name\":\"sessions\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("key");
    }

    private String install(String slug, String endpoint) {
        return api().body("""
                {"kind":"mcp","slug":"%s","displayName":"%s","config":{"endpoint":"%s"}}""".formatted(slug, slug, endpoint))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
    }

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(stack.url("gateway-service") + "/v1").apiKey(key).maxRetries(0).build();
    }

    /** Waits until the key and the catalog reached the gateway through Kafka: the tool is offered. */
    private static void awaitTool(OpenAIClient client, ScriptedUpstream upstream, String tool) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            upstream.reset();
            client.chat().completions().create(params("warm up"));
            List<String> offered = new java.util.ArrayList<>();
            upstream.requests().get(0).path("tools").forEach(t -> offered.add(t.path("function").path("name").asText()));
            assertThat(offered).contains(tool);
        });
    }

    private static String lastToolMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("tool");
        return last.path("content").asText();
    }

    private static List<String> names(JsonNode integration) {
        List<String> names = new java.util.ArrayList<>();
        integration.path("toolCatalog").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private static ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(prompt).build();
    }

    private static JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RequestSpecification api() {
        return given().baseUri(stack.url("integrations-service")).auth().oauth2(DevTokens.admin(org))
                .header("X-Org-Id", org).contentType(ContentType.JSON);
    }
}
