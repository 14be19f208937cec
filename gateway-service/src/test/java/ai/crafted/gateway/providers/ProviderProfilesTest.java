package ai.crafted.gateway.providers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.chat.GatewayFixtures;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.providers.AwkwardTools;
import ai.crafted.tools.compiler.ToolProfile;

/**
 * Done-when of the tool compiler: each provider profile's upstream validates tools like that
 * provider (ai.crafted.testsupport.providers, written from the providers' documentation) and
 * receives only requests it accepts, with a catalog of deliberately awkward tools; no chat fails
 * because of a tool, and what is left out is named with the reason.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = ProviderUpstreamsResource.class, restrictToAnnotatedClass = true)
class ProviderProfilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static FixtureMcpServer mcp;

    @Inject
    ApiKeyRegistry apiKeys;

    @Inject
    PluginRegistry plugins;

    @BeforeAll
    static void startMcpServer() {
        vertx = Vertx.vertx();
        mcp = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopMcpServer() {
        mcp.close();
        vertx.close();
    }

    @Test
    void everyProviderAcceptsEveryRequestAndNoToolFailsAChat() throws Exception {
        UUID org = UUID.randomUUID();
        String key = organisationWithAwkwardTools(org);
        for (ToolProfile profile : ToolProfile.values()) {
            ScriptedUpstream upstream = ProviderUpstreamsResource.upstream(profile);
            upstream.reset();

            JsonNode answer = chat(key, profile, 200);

            assertThat(upstream.refusals()).as(profile.id()).isEmpty();
            JsonNode sent = upstream.requests().get(0).get("tools");
            assertThat(sent.size()).as(profile.id() + " tools sent").isGreaterThan(AwkwardTools.catalog().size() / 2);
            JsonNode omitted = answer.at("/gateway/omittedTools");
            assertThat(sent.size() + omitted.size()).isEqualTo(AwkwardTools.catalog().size());
            omitted.forEach(o -> assertThat(o.path("reason").asText()).as(o.toString()).isNotBlank());
            List<String> omittedNames = new ArrayList<>();
            omitted.forEach(o -> omittedNames.add(o.path("name").asText()));
            assertThat(omittedNames).as(profile.id()).contains("awkward__root_array", "awkward__dangling_ref",
                    "awkward__invalid_type");
            assertThat(sent.findValues("strict")).as(profile.id() + " strict flags")
                    .allMatch(v -> v.asBoolean() == (profile == ToolProfile.OPENAI_STRICT));
        }
    }

    @Test
    void whenEveryToolIsLeftOutTheChatStillAnswersAndNamesThem() throws Exception {
        UUID org = UUID.randomUUID();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        GatewayFixtures.plugin(org, UUID.randomUUID(), "odd", mcp.url("/mcp"), null, List.of(
                AwkwardTools.tool("levels", "{\"type\":\"object\",\"properties\":{\"l\":{\"type\":\"integer\",\"enum\":[1,2]}}}"),
                AwkwardTools.tool("map", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 1 && !plugins.toolsOf(plugins.forOrganization(org).get(0)).isEmpty());
        ScriptedUpstream gemini = ProviderUpstreamsResource.upstream(ToolProfile.GEMINI);
        gemini.reset();

        JsonNode answer = chat(key, ToolProfile.GEMINI, 200);

        assertThat(gemini.refusals()).isEmpty();
        assertThat(gemini.requests().get(0).has("tools")).as("no empty tools array").isFalse();
        assertThat(answer.at("/gateway/omittedTools").findValuesAsText("name")).containsExactly("odd__levels", "odd__map");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("done");
    }

    @Test
    void strictModeNullsForOptionalPropertiesNeverReachTheMcpServer() throws Exception {
        UUID org = UUID.randomUUID();
        String key = organisationWithAwkwardTools(org);
        ScriptedUpstream strict = ProviderUpstreamsResource.upstream(ToolProfile.OPENAI_STRICT);
        strict.reset();
        strict.thenAnswer(ScriptedUpstream.toolCalls("awkward__optional_nested",
                        "{\"filter\":{\"since\":null,\"rows\":[{\"name\":\"a\",\"limit\":null},{\"name\":\"b\",\"limit\":2}]}}"))
                .thenAnswer(ScriptedUpstream.text("done"));

        chat(key, ToolProfile.OPENAI_STRICT, 200);

        assertThat(strict.refusals()).isEmpty();
        JsonNode messages = strict.requests().get(1).get("messages");
        String toolResult = messages.get(messages.size() - 1).path("content").asText();
        assertThat(toolResult).isEqualTo("optional_nested called with {\"filter\":{\"rows\":[{\"name\":\"a\"},{\"name\":\"b\",\"limit\":2}]}}");
    }

    @Test
    void aServersOwnToolResultLimitCutsItsResultsWithANote() throws Exception {
        UUID org = UUID.randomUUID();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        GatewayFixtures.plugin(org, UUID.randomUUID(), "small", new McpServerConfig(mcp.url("/mcp"),
                McpTransport.STREAMABLE_HTTP, null, 300), List.of(AwkwardTools.tool("echo",
                        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 1 && !plugins.toolsOf(plugins.forOrganization(org).get(0)).isEmpty());
        ScriptedUpstream openai = ProviderUpstreamsResource.upstream(ToolProfile.OPENAI);
        openai.reset();
        openai.thenAnswer(ScriptedUpstream.toolCalls("small__echo", "{\"text\":\"" + "w".repeat(2_000) + "\"}"))
                .thenAnswer(ScriptedUpstream.text("done"));

        chat(key, ToolProfile.OPENAI, 200);

        JsonNode messages = openai.requests().get(1).get("messages");
        String toolResult = messages.get(messages.size() - 1).path("content").asText();
        assertThat(toolResult).startsWith("echo called with").containsPattern("cut to 300 of 20\\d\\d characters");
    }

    @Test
    void aValidatingUpstreamRefusesTheCatalogAsTheServerSentIt() {
        // The validators can fail: the same tools without the compiler (a client's own tools array,
        // which the gateway passes through untouched) are refused by every provider.
        for (ToolProfile profile : List.of(ToolProfile.OPENAI, ToolProfile.ANTHROPIC, ToolProfile.GEMINI)) {
            ScriptedUpstream upstream = ProviderUpstreamsResource.upstream(profile);
            upstream.reset();
            var raw = JSON.createArrayNode();
            raw.addObject().put("type", "function").putObject("function").put("name", "bare")
                    .put("description", AwkwardTools.LONG_DESCRIPTION).putObject("parameters").put("type", "object")
                    .put("$schema", "http://json-schema.org/draft-07/schema#").putArray("oneOf").addObject().put("type", "object");
            var body = JSON.createObjectNode().put("model", ProviderUpstreamsResource.model(profile));
            body.putArray("messages").addObject().put("role", "user").put("content", "hi");
            body.set("tools", raw);
            given().auth().oauth2(organisationKey()).contentType(ContentType.JSON).body(body.toString())
                    .post("/v1/chat/completions").then().statusCode(400);
            assertThat(upstream.refusals()).as(profile.id()).isNotEmpty();
        }
    }

    private String organisationKey() {
        UUID org = UUID.randomUUID();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent());
        return key;
    }

    private String organisationWithAwkwardTools(UUID org) {
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        GatewayFixtures.plugin(org, UUID.randomUUID(), "awkward", mcp.url("/mcp"), null, AwkwardTools.catalog());
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 1
                && plugins.toolsOf(plugins.forOrganization(org).get(0)).size() == AwkwardTools.catalog().size());
        return key;
    }

    private static JsonNode chat(String key, ToolProfile profile, int status) throws Exception {
        var body = JSON.createObjectNode().put("model", ProviderUpstreamsResource.model(profile));
        body.putArray("messages").addObject().put("role", "user").put("content", "use the tools");
        String answer = given().auth().oauth2(key).contentType(ContentType.JSON).body(body.toString())
                .post("/v1/chat/completions").then().statusCode(status).extract().asString();
        return JSON.readTree(answer);
    }
}
