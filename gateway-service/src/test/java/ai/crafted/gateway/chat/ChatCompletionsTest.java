package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ECHO_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.ApiKeyUsedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * The gateway driven by the official OpenAI Java SDK, with a scripted upstream model and
 * {@code @modelcontextprotocol/server-everything} as the live MCP server.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ChatCompletionsTest {

    private static EverythingServer everything;
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    @TestHTTPResource("/v1")
    URL gateway;

    @Inject
    PluginRegistry plugins;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private final UUID org = UUID.randomUUID();
    private final UUID keyId = UUID.randomUUID();
    private final UUID everythingPlugin = UUID.randomUUID();
    private final UUID slowPlugin = UUID.randomUUID();
    private String key;
    private OpenAIClient client;

    @BeforeAll
    static void startServers() {
        everything = EverythingServer.streamableHttp();
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopServers() {
        everything.close();
        fixture.close();
        vertx.close();
    }

    @BeforeEach
    void organisationWithTwoPlugins() {
        upstream.reset();
        key = GatewayFixtures.apiKey(org, keyId);
        GatewayFixtures.plugin(org, everythingPlugin, "everything", everything.endpoint(), null,
                List.of(tool("echo", ECHO_SCHEMA), tool("no-such-tool", ID_SCHEMA)));
        GatewayFixtures.plugin(org, slowPlugin, "slow", fixture.url("/slow"), 300, List.of(tool("lookup", ID_SCHEMA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 2);
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(key).maxRetries(0).build();
    }

    @Test
    void aTwoRoundLoopCallsTheLiveMcpServerAndSumsUsage() {
        upstream.thenAnswer(toolCalls("everything__echo", "{\"message\":\"hello gateway\"}"))
                .thenAnswer(text("The server echoed your greeting."));

        ChatCompletion completion = client.chat().completions().create(params("Please echo hello").build());

        assertThat(completion.choices().get(0).message().content()).hasValue("The server echoed your greeting.");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(30);
        JsonNode first = upstream.requests().get(0);
        assertThat(toolNames(first)).containsExactlyInAnyOrder("everything__echo", "everything__no-such-tool", "slow__lookup");
        assertThat(injected(first, "everything__echo").at("/function/parameters/properties/message/type").asText()).isEqualTo("string");
        JsonNode toolMessage = lastMessage(upstream.requests().get(1));
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asText()).contains("hello gateway");
        assertThat(upstream.requests().get(1).path("messages").get(1).path("tool_calls").get(0).path("function")
                .path("name").asText()).isEqualTo("everything__echo");
    }

    @Test
    void argumentsThatAreNotExactlyOneObjectDoNotCallTheToolAndTellTheModel() {
        // The handed-over value: a lenient parser ran the tool with "first" and dropped "second".
        upstream.thenAnswer(toolCalls("everything__echo", "{\"message\":\"first\"} {\"message\":\"second\"}"))
                .thenAnswer(text("I will try again."));

        client.chat().completions().create(params("echo twice").build());

        JsonNode toolMessage = lastMessage(upstream.requests().get(1));
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asText()).startsWith("Error: everything__echo was not called")
                .contains("exactly one JSON object").doesNotContain("Echo: first");
    }

    @Test
    void independentToolCallsInOneTurnAllRunAndAnswerTheirIds() {
        upstream.thenAnswer(toolCalls("everything__echo", "{\"message\":\"one\"}", "everything__echo", "{\"message\":\"two\"}"))
                .thenAnswer(text("both done"));

        client.chat().completions().create(params("twice").build());

        List<JsonNode> messages = new ArrayList<>();
        upstream.requests().get(1).path("messages").forEach(messages::add);
        List<JsonNode> toolMessages = messages.stream().filter(m -> m.path("role").asText().equals("tool")).toList();
        assertThat(toolMessages).hasSize(2);
        JsonNode calls = messages.get(1).path("tool_calls");
        assertThat(toolMessages.get(0).path("tool_call_id").asText()).isEqualTo(calls.get(0).path("id").asText());
        assertThat(toolMessages.get(0).path("content").asText()).contains("one");
        assertThat(toolMessages.get(1).path("content").asText()).contains("two");
    }

    @Test
    void aToolErrorAndAnMcpTimeoutBecomeTextTheModelReads() {
        upstream.thenAnswer(toolCalls("everything__no-such-tool", "{\"id\":\"x\"}", "slow__lookup", "{\"id\":\"y\"}"))
                .thenAnswer(text("sorry"));

        ChatCompletion completion = client.chat().completions().create(params("break things").build());

        assertThat(completion.choices().get(0).message().content()).hasValue("sorry");
        List<String> results = toolResults(upstream.requests().get(1));
        assertThat(results.get(0)).startsWith("Error");
        assertThat(results.get(1)).startsWith("Error").contains("timed out after 300 ms");
    }

    @Test
    void theRoundCapEndsTheLoopWithFinishReasonLength() {
        for (int i = 0; i < 5; i++) {
            upstream.thenAnswer(toolCalls("everything__echo", "{\"message\":\"again\"}"));
        }

        ChatCompletion completion = client.chat().completions().create(params("loop forever").build());

        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(upstream.requests()).hasSize(3);
        assertThat(completion._additionalProperties().get("gateway").toString()).contains("max-tool-rounds");
    }

    @Test
    void aRequestWithItsOwnToolsPassesThroughUntouched() {
        upstream.thenAnswer(toolCalls("client_side_tool", "{}"));

        ChatCompletion completion = client.chat().completions().create(params("use my tool")
                .addFunctionTool(FunctionDefinition.builder().name("client_side_tool")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                        .build())
                .build());

        assertThat(toolNames(upstream.requests().get(0))).containsExactly("client_side_tool");
        assertThat(upstream.requests()).hasSize(1);
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function().name())
                .isEqualTo("client_side_tool");
    }

    @Test
    void aPassedThroughRequestReachesTheProviderByteForByte() {
        // Spacing, key order and escapes the gateway's own encoder would change: the provider gets the client's bytes.
        String body = "{ \"model\" : \"gpt-test\",\n  \"messages\": [{\"content\":\"caf\\u00e9\", \"role\":\"user\"}],"
                + " \"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"mine\"}}] }";

        given().auth().oauth2(key).contentType("application/json").body(body).post("/v1/chat/completions")
                .then().statusCode(200);

        assertThat(upstream.rawRequests()).containsExactly(body);
    }

    @Test
    void thePluginsFieldRestrictsInjectionAndRefusesForeignIds() {
        upstream.thenAnswer(text("ok"));

        client.chat().completions().create(params("restricted")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of(slowPlugin.toString()))).build());

        assertThat(toolNames(upstream.requests().get(0))).containsExactly("slow__lookup");
        assertThat(upstream.requests().get(0).has("plugins")).isFalse();
        assertThatThrownBy(() -> client.chat().completions().create(params("foreign")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of(UUID.randomUUID().toString()))).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown plugin id");
    }

    @Test
    void aScopedKeyGetsOnlyItsPluginsAndIsRefusedOthers() {
        String scoped = GatewayFixtures.scopedApiKey(org, UUID.randomUUID(), List.of(slowPlugin));
        String none = GatewayFixtures.scopedApiKey(org, UUID.randomUUID(), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> apiKeys.organizationOf(scoped).isPresent()
                && apiKeys.organizationOf(none).isPresent());
        var scopedClient = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(scoped).maxRetries(0).build();
        upstream.thenAnswer(text("ok")).thenAnswer(text("still ok")).thenAnswer(text("no tools"));

        scopedClient.chat().completions().create(params("scoped").build());
        scopedClient.chat().completions().create(params("scoped, naming its plugin")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of(slowPlugin.toString()))).build());
        OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(none).maxRetries(0).build()
                .chat().completions().create(params("empty scope").build());

        assertThat(toolNames(upstream.requests().get(0))).containsExactly("slow__lookup");
        assertThat(toolNames(upstream.requests().get(1))).containsExactly("slow__lookup");
        assertThat(upstream.requests().get(2).has("tools")).as("an empty scope injects nothing").isFalse();
        assertThatThrownBy(() -> scopedClient.chat().completions().create(params("outside")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of(everythingPlugin.toString()))).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("outside this API key's scope");
        // A plugin id that does not exist reads the same to a key with a scope: it cannot list its organisation's ids.
        assertThatThrownBy(() -> scopedClient.chat().completions().create(params("missing")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of(UUID.randomUUID().toString()))).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("outside this API key's scope");
        assertThat(upstream.requests()).hasSize(3);
    }

    @Test
    void aKeysUseIsReportedAtMostOncePerInterval() {
        UUID usedId = UUID.randomUUID();
        String used = GatewayFixtures.apiKey(org, usedId);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiKeys.organizationOf(used).isPresent());
        var usedClient = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(used).maxRetries(0).build();
        try (TopicReader reports = new TopicReader(Topics.API_KEY_USED)) {
            Instant before = Instant.now();
            upstream.thenAnswer(text("one")).thenAnswer(text("two"));
            usedClient.chat().completions().create(params("one").build());
            usedClient.chat().completions().create(params("two").build());

            var published = reports.awaitForKey(usedId.toString(), 1, Duration.ofSeconds(20));
            ApiKeyUsedEvent event = EventJson.read(published.get(0).value(), ApiKeyUsedEvent.class);
            assertThat(event.organizationId()).isEqualTo(org);
            assertThat(event.apiKeyId()).isEqualTo(usedId);
            assertThat(event.usedAt()).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(published.get(0).value()).doesNotContain(used);
            // The second request, within the interval, is not another record.
            assertThatThrownBy(() -> reports.awaitForKey(usedId.toString(), 2, Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aRevokedKeyIsRefusedWithinSeconds() {
        upstream.thenAnswer(text("before revocation"));
        assertThat(client.chat().completions().create(params("hi").build()).choices()).hasSize(1);

        GatewayFixtures.revoke(org, keyId, key);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiKeys.organizationOf(key).isEmpty());

        assertThatThrownBy(() -> client.chat().completions().create(params("hi again").build()))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("invalid, revoked or expired API key");
    }

    @Test
    void aKeyStopsWorkingAtItsExpiry() {
        UUID expiringId = UUID.randomUUID();
        String expiring = GatewayFixtures.apiKey(org, expiringId, Instant.now().plusSeconds(3));
        String expired = GatewayFixtures.apiKey(org, UUID.randomUUID(), Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> apiKeys.organizationOf(expiring).isPresent());
        upstream.thenAnswer(text("before expiry"));
        var expiringClient = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(expiring).maxRetries(0).build();
        assertThat(expiringClient.chat().completions().create(params("hi").build()).choices()).hasSize(1);
        assertThat(apiKeys.organizationOf(expired)).as("created already expired").isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> apiKeys.organizationOf(expiring).isEmpty());
        assertThatThrownBy(() -> expiringClient.chat().completions().create(params("hi again").build()))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("invalid, revoked or expired API key");
    }

    @Test
    void toolMetricsAreLabelledByIntegrationIdSoTheSameSlugInTwoOrganisationsStaysApart() {
        UUID otherOrg = UUID.randomUUID();
        UUID otherPlugin = UUID.randomUUID();
        String otherKey = GatewayFixtures.apiKey(otherOrg, UUID.randomUUID());
        GatewayFixtures.plugin(otherOrg, otherPlugin, "everything", everything.endpoint(), null, List.of(tool("echo", ECHO_SCHEMA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(otherKey).isPresent()
                && plugins.forOrganization(otherOrg).size() == 1);
        upstream.thenAnswer(toolCalls("everything__echo", "{\"message\":\"count me\"}")).thenAnswer(text("done"))
                .thenAnswer(toolCalls("everything__echo", "{\"message\":\"count me too\"}")).thenAnswer(text("done"));

        client.chat().completions().create(params("metrics").build());
        OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(otherKey).maxRetries(0).build()
                .chat().completions().create(params("metrics").build());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (UUID[] plugin : new UUID[][] {{org, everythingPlugin}, {otherOrg, otherPlugin}}) {
            String tags = "organization=\"" + plugin[0] + "\",outcome=\"ok\",plugin=\"" + plugin[1] + "\",slug=\"everything\"";
            assertThat(metrics).contains("gateway_tool_calls_total{" + tags + "} 1.0");
            assertThat(metrics).contains("gateway_tool_call_duration_seconds_count{organization=\"" + plugin[0]
                    + "\",plugin=\"" + plugin[1] + "\",slug=\"everything\"} 1");
        }
    }

    @Test
    void missingKeysAndUnknownModelsGetOpenAiShapedErrors() {
        given().contentType("application/json").body("{\"model\":\"m\",\"messages\":[]}").post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"))
                .body("error.type", equalTo("invalid_request_error"));
        given().auth().oauth2(key).contentType("application/json").body("{\"model\":\"m\"}").post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("messages"));
    }

    @Test
    void upstreamErrorsComeBackInOpenAiShape() {
        upstream.thenAnswer(ScriptedUpstream.error(503, "the model is overloaded"));

        assertThatThrownBy(() -> client.chat().completions().create(params("hi").build()))
                .isInstanceOf(OpenAIServiceException.class)
                .hasMessageContaining("the model is overloaded")
                .extracting(e -> ((OpenAIServiceException) e).statusCode()).isEqualTo(503);
    }

    @Test
    void aStreamKeepsTheConnectionAliveWhileToolsRunAndEndsFailuresWithAnErrorEvent() {
        upstream.thenAnswer(toolCalls("slow__lookup", "{\"id\":\"1\"}"))
                .thenAnswer(ScriptedUpstream.error(500, "upstream broke mid-loop"));

        String body = given().auth().oauth2(key).contentType("application/json")
                .body("{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .contentType(startsWith("text/event-stream")).extract().asString();

        assertThat(body).contains(": keep-alive").contains("event: error").contains("upstream")
                .doesNotContain("[DONE]").doesNotContain("tool_calls");
    }

    private static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(prompt);
    }

    private static List<String> toolNames(JsonNode request) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .map(t -> t.path("function").path("name").asText()).toList();
    }

    private static JsonNode injected(JsonNode request, String name) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .filter(t -> t.path("function").path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode lastMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.get(messages.size() - 1);
    }

    private static List<String> toolResults(JsonNode request) {
        return StreamSupport.stream(request.path("messages").spliterator(), false)
                .filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content").asText()).toList();
    }
}
