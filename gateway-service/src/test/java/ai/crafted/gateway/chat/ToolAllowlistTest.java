package ai.crafted.gateway.chat;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.events.ToolRef;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * Tool allowlists per surface: an API key's {@code allowedTools} bounds what its requests are
 * offered, a request's {@code allowed_tools} narrows further, and naming a tool outside the key's
 * allowlist is refused.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ToolAllowlistTest extends FixturePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @Test
    void aKeysAllowlistBoundsTheOfferAndARequestNarrowsIt() {
        organisationWithPlugin(List.of(GatewayFixtures.tool("lookup", GatewayFixtures.ID_SCHEMA),
                GatewayFixtures.tool("delete", GatewayFixtures.ID_SCHEMA), GatewayFixtures.tool("export", GatewayFixtures.ID_SCHEMA)));
        UUID plugin = plugins.forOrganization(org).get(0).integrationId();
        String scoped = GatewayFixtures.toolScopedApiKey(org, UUID.randomUUID(), null,
                List.of(new ToolRef(plugin, "lookup"), new ToolRef(plugin, "export")));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(scoped).isPresent());
        upstream.reset();

        upstream.thenAnswer(text("ok"));
        chat(scoped, request()).then().statusCode(200);
        assertThat(offered(upstream.requests().get(0))).containsExactlyInAnyOrder("fix__lookup", "fix__export");

        upstream.thenAnswer(text("ok"));
        ObjectNode narrowed = request();
        narrowed.putArray("allowed_tools").addObject().put("plugin", plugin.toString()).put("name", "export");
        chat(scoped, narrowed).then().statusCode(200);
        assertThat(offered(upstream.requests().get(1))).containsExactly("fix__export");

        ObjectNode outside = request();
        outside.putArray("allowed_tools").addObject().put("plugin", plugin.toString()).put("name", "delete");
        chat(scoped, outside).then().statusCode(400).body("error.code", equalTo("invalid_allowed_tools"));

        // Without a key allowlist, a request's own allowlist is the bound.
        upstream.thenAnswer(text("ok"));
        ObjectNode own = request();
        own.putArray("allowed_tools").addObject().put("plugin", plugin.toString()).put("name", "delete");
        chat(key, own).then().statusCode(200);
        assertThat(offered(upstream.requests().get(2))).containsExactly("fix__delete");

        ObjectNode malformed = request();
        malformed.putArray("allowed_tools").addObject().put("plugin", "not-a-uuid").put("name", "delete");
        chat(key, malformed).then().statusCode(400).body("error.code", equalTo("invalid_allowed_tools"))
                .body("error.param", equalTo("allowed_tools[0]"));
        assertThat(upstream.requests()).hasSize(3);
    }

    private static ObjectNode request() {
        ObjectNode body = JSON.createObjectNode().put("model", "scripted-model");
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        return body;
    }

    private static List<String> offered(JsonNode upstreamRequest) {
        return StreamSupport.stream(upstreamRequest.path("tools").spliterator(), false)
                .map(t -> t.path("function").path("name").asText()).toList();
    }

    private static io.restassured.response.Response chat(String apiKey, ObjectNode body) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(body.toString())
                .post("/v1/chat/completions");
    }
}
