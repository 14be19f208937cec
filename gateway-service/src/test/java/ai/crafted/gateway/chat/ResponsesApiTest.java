package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * {@code /v1/responses} on the wire, against a model that obeys ({@link ObedientModel}) and the
 * fixture plugin {@code fix} (tool {@code lookup}): the Response object and its items
 * ({@code mcp_list_tools}, {@code mcp_call}, {@code message}, {@code function_call}), usage,
 * {@code mcp} tools narrowing the plugins, client function tools continued by
 * {@code previous_response_id}, {@code item_reference}, stored responses per organisation, and
 * the streaming events in order.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ResponsesApiTest extends FixturePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @BeforeEach
    void organisationWithAPlugin() {
        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA)));
    }

    private JsonNode create(String body) throws Exception {
        Response response = post(body);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return JSON.readTree(response.asString());
    }

    private Response post(String body) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json").body(body).post("/v1/responses");
    }

    @Test
    void theServerSideLoopListsThePluginsToolsAndShowsEachCallWithItsOutput() throws Exception {
        JsonNode r = create("{\"model\":\"scripted-model\",\"input\":\"please call fix__lookup\"}");

        assertThat(r.path("object").asText()).isEqualTo("response");
        assertThat(r.path("id").asText()).startsWith("resp_");
        assertThat(r.path("status").asText()).isEqualTo("completed");
        JsonNode output = r.path("output");
        assertThat(types(output)).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(output.at("/0/server_label").asText()).isEqualTo("fix");
        assertThat(output.at("/0/tools/0/name").asText()).isEqualTo("lookup");
        assertThat(output.at("/0/tools/0/input_schema/properties/id/type").asText()).isEqualTo("string");
        JsonNode call = output.get(1);
        assertThat(call.path("server_label").asText()).isEqualTo("fix");
        assertThat(call.path("name").asText()).as("the MCP tool's own name").isEqualTo("lookup");
        assertThat(JSON.readTree(call.path("arguments").asText()).path("id").asText()).isEqualTo("42");
        assertThat(call.path("output").asText()).isNotEmpty();
        assertThat(call.path("error").isNull()).isTrue();
        assertThat(call.path("id").asText()).startsWith("mcp_");
        JsonNode message = output.get(2);
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("output_text");
        assertThat(message.at("/content/0/text").asText()).startsWith("The tool answered: ");
        assertThat(message.at("/content/0/annotations").isArray()).isTrue();
        // Two model rounds, usage summed in the Responses API's names.
        assertThat(r.at("/usage/input_tokens").asInt()).isPositive();
        assertThat(r.at("/usage/total_tokens").asInt()).isEqualTo(r.at("/usage/input_tokens").asInt()
                + r.at("/usage/output_tokens").asInt());
        assertThat(r.at("/usage/input_tokens_details/cached_tokens").isNumber()).isTrue();
        assertThat(r.at("/gateway/rounds").asInt()).isEqualTo(2);
        assertThat(upstream.requests()).hasSize(2);
        assertThat(upstream.requests().get(0).at("/tools/0/function/name").asText()).isEqualTo("fix__lookup");
        assertThat(upstream.requests().get(0).at("/messages/0/content").asText()).isEqualTo("please call fix__lookup");
        assertThat(upstream.requests().get(1).at("/messages/2/role").asText()).isEqualTo("tool");
    }

    @Test
    void aStoredResponseIsReadAndDeletedByItsOrganisationOnly() throws Exception {
        JsonNode r = create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"instructions\":\"Be brief.\",\"metadata\":{\"k\":\"v\"}}");
        String id = r.path("id").asText();
        assertThat(r.at("/output/1/content/0/text").asText()).isEqualTo("Answered without tools.");
        assertThat(r.path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(r.at("/metadata/k").asText()).isEqualTo("v");
        assertThat(upstream.requests().get(0).at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(upstream.requests().get(0).has("metadata")).as("echoed, not sent").isFalse();

        JsonNode read = JSON.readTree(given().header("Authorization", "Bearer " + key).get("/v1/responses/" + id).asString());
        assertThat(read).isEqualTo(r);
        String otherKey = GatewayFixtures.apiKey(UUID.randomUUID(), UUID.randomUUID());
        await().until(() -> apiKeys.organizationOf(otherKey).isPresent());
        Response foreign = given().header("Authorization", "Bearer " + otherKey).get("/v1/responses/" + id);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.jsonPath().getString("error.code")).isEqualTo("response_not_found");
        assertThat(given().header("Authorization", "Bearer " + otherKey).delete("/v1/responses/" + id).statusCode()).isEqualTo(404);
        Response previousForeign = given().header("Authorization", "Bearer " + otherKey).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"more\",\"previous_response_id\":\"" + id + "\"}").post("/v1/responses");
        assertThat(previousForeign.jsonPath().getString("error.code")).isEqualTo("previous_response_not_found");
        String itemId = r.at("/output/1/id").asText();
        Response referenceForeign = given().header("Authorization", "Bearer " + otherKey).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":[{\"type\":\"item_reference\",\"id\":\"" + itemId + "\"}]}")
                .post("/v1/responses");
        assertThat(referenceForeign.jsonPath().getString("error.code")).isEqualTo("item_not_found");

        Response cancel = given().header("Authorization", "Bearer " + key).post("/v1/responses/" + id + "/cancel");
        assertThat(cancel.statusCode()).isEqualTo(400);
        assertThat(cancel.jsonPath().getString("error.code")).isEqualTo("not_cancellable");
        Response deleted = given().header("Authorization", "Bearer " + key).delete("/v1/responses/" + id);
        assertThat(deleted.jsonPath().getString("object")).isEqualTo("response.deleted");
        assertThat(deleted.jsonPath().getBoolean("deleted")).isTrue();
        assertThat(given().header("Authorization", "Bearer " + key).get("/v1/responses/" + id).statusCode()).isEqualTo(404);

        JsonNode unstored = create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"store\":false}");
        assertThat(unstored.path("store").asBoolean()).isFalse();
        assertThat(given().header("Authorization", "Bearer " + key).get("/v1/responses/" + unstored.path("id").asText())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void mcpToolsNamePluginsBySlugAndAllowedToolsNarrowThem() throws Exception {
        create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"fix\","
                + "\"allowed_tools\":[],\"require_approval\":\"never\"}]}");
        assertThat(upstream.requests().get(0).has("tools")).as("no tool allowed").isFalse();

        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        JsonNode r = create("{\"model\":\"scripted-model\",\"input\":\"call fix__lookup\",\"tools\":[{\"type\":\"mcp\","
                + "\"server_label\":\"fix\",\"allowed_tools\":{\"tool_names\":[\"lookup\"]}}]}");
        assertThat(upstream.requests().get(0).at("/tools/0/function/name").asText()).isEqualTo("fix__lookup");
        assertThat(types(r.path("output"))).containsExactly("mcp_list_tools", "mcp_call", "message");

        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"function\",\"name\":\"local_echo\"}]}");
        assertThat(upstream.requests().get(0).path("tools")).as("function tools only: no plugin injected").hasSize(1);
        assertThat(upstream.requests().get(0).at("/tools/0/function/name").asText()).isEqualTo("local_echo");
    }

    @Test
    void aScopedKeyGetsOnlyItsPluginsAndAnMcpToolNamingAnotherIsRefused() throws Exception {
        UUID fix = plugins.forOrganization(org).get(0).integrationId();
        GatewayFixtures.plugin(org, UUID.randomUUID(), "other", fixture.url("/mcp"), 20_000, List.of(tool("find", ID_SCHEMA)));
        String scoped = GatewayFixtures.scopedApiKey(org, UUID.randomUUID(), List.of(fix));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(scoped).isPresent()
                && plugins.forOrganization(org).size() == 2);
        upstream.reset();
        upstream.whenIdle(new ObedientModel());

        Response mine = given().header("Authorization", "Bearer " + scoped).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"hello\"}").post("/v1/responses");
        assertThat(mine.statusCode()).as(mine.asString()).isEqualTo(200);
        assertThat(upstream.requests().get(0).findValuesAsText("name")).contains("fix__lookup").doesNotContain("other__find");

        Response outside = given().header("Authorization", "Bearer " + scoped).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"other\"}]}")
                .post("/v1/responses");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.jsonPath().getString("error.code")).isEqualTo("unknown_server_label");
        assertThat(outside.jsonPath().getString("error.message")).contains("outside this API key's scope");
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void clientFunctionCallsComeBackAndTheConversationContinuesByPreviousResponseIdOrItemReference() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"name\":\"local_echo\",\"parameters\":" + ID_SCHEMA + "}]";
        JsonNode first = create("{\"model\":\"scripted-model\",\"input\":\"call local_echo\"," + tools + "}");
        assertThat(types(first.path("output"))).containsExactly("function_call");
        JsonNode call = first.at("/output/0");
        assertThat(call.path("name").asText()).isEqualTo("local_echo");
        assertThat(call.path("arguments").asText()).isEqualTo("{\"id\":\"42\"}");
        assertThat(call.path("status").asText()).isEqualTo("completed");
        String callId = call.path("call_id").asText();

        JsonNode second = create("{\"model\":\"scripted-model\",\"previous_response_id\":\"" + first.path("id").asText()
                + "\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"echo 42\"}],"
                + tools + "}");
        assertThat(second.at("/output/0/content/0/text").asText()).isEqualTo("The tool answered: echo 42");
        JsonNode sent = upstream.requests().get(1).path("messages");
        assertThat(sent.at("/0/content").asText()).isEqualTo("call local_echo");
        assertThat(sent.at("/1/tool_calls/0/id").asText()).isEqualTo(callId);
        assertThat(sent.at("/1/tool_calls/0/function/name").asText()).isEqualTo("local_echo");
        assertThat(sent.at("/2/role").asText()).isEqualTo("tool");
        assertThat(sent.at("/2/content").asText()).isEqualTo("echo 42");

        // The same conversation sent whole, the model's turn as a reference to the stored item.
        JsonNode third = create("{\"model\":\"scripted-model\",\"input\":[{\"role\":\"user\",\"content\":\"call local_echo\"},"
                + "{\"type\":\"item_reference\",\"id\":\"" + call.path("id").asText() + "\"},{\"type\":\"function_call_output\","
                + "\"call_id\":\"" + callId + "\",\"output\":[{\"type\":\"input_text\",\"text\":\"echo 43\"}]}]," + tools + "}");
        assertThat(third.at("/output/0/content/0/text").asText()).isEqualTo("The tool answered: echo 43");
        assertThat(upstream.requests().get(2).at("/messages/1/tool_calls/0/id").asText()).isEqualTo(callId);
    }

    @Test
    void anMcpCallSentBackWithoutItsOutputIsCompletedFromTheStoredItem() throws Exception {
        JsonNode first = create("{\"model\":\"scripted-model\",\"input\":\"call fix__lookup\"}");
        JsonNode call = first.at("/output/1");
        // What the Agents SDK sends back: the call without its output.
        JsonNode next = create("{\"model\":\"scripted-model\",\"input\":[{\"role\":\"user\",\"content\":\"call fix__lookup\"},"
                + "{\"type\":\"mcp_call\",\"id\":\"" + call.path("id").asText() + "\",\"server_label\":\"fix\",\"name\":\"lookup\","
                + "\"arguments\":\"{}\"},{\"role\":\"user\",\"content\":\"thanks\"}]}");
        assertThat(next.path("status").asText()).isEqualTo("completed");
        JsonNode messages = upstream.requests().get(2).path("messages");
        assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("fix__lookup");
        // OpenAI's chat completions take tool-call ids of at most 40 characters; item ids are longer.
        assertThat(messages.at("/1/tool_calls/0/id").asText()).hasSizeLessThanOrEqualTo(40)
                .isEqualTo(messages.at("/2/tool_call_id").asText());
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/2/content").asText()).isEqualTo(call.path("output").asText());
    }

    @Test
    void streamingSendsTheTypedEventsInOrderAndEndsWithTheStoredResponse() throws Exception {
        Response response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"call fix__lookup\",\"stream\":true}").post("/v1/responses");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String block : response.asString().split("\n\n")) {
            String event = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    JsonNode data = JSON.readTree(line.substring(6));
                    assertThat(data.path("type").asText()).isEqualTo(event);
                    events.add(data);
                    names.add(event);
                }
            }
        }
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        assertThat(names.subList(0, 2)).containsExactly("response.created", "response.in_progress");
        assertThat(names).containsSubsequence("response.output_item.added", "response.mcp_list_tools.completed",
                "response.output_item.done", "response.output_item.added", "response.mcp_call_arguments.done",
                "response.mcp_call.in_progress", "response.mcp_call.completed", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(names.get(names.size() - 1)).isEqualTo("response.completed");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .forEach(e -> text.append(e.path("delta").asText()));
        JsonNode last = events.get(events.size() - 1).path("response");
        assertThat(last.path("status").asText()).isEqualTo("completed");
        assertThat(types(last.path("output"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(last.at("/output/2/content/0/text").asText()).isEqualTo(text.toString()).startsWith("The tool answered: ");
        assertThat(last.at("/output/1/output").asText()).isNotEmpty();
        assertThat(last.at("/usage/total_tokens").asInt()).isPositive();
        JsonNode stored = JSON.readTree(given().header("Authorization", "Bearer " + key)
                .get("/v1/responses/" + last.path("id").asText()).asString());
        assertThat(stored).isEqualTo(last);
    }

    @Test
    void aResponsesApiUpstreamGetsTheClientsBytesWhenTheGatewayAddsNoToolsAndTheLoopOtherwise() throws Exception {
        ObjectNode native_ = JSON.createObjectNode().put("id", "resp_upstream_1").put("object", "response").put("status", "completed");
        upstream.thenAnswer(native_);
        String body = "{\"model\":\"" + ScriptedUpstreamResource.NATIVE_MODEL + "\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"local_echo\"}],\"reasoning\":{\"effort\":\"low\"}}";
        JsonNode passed = create(body);
        assertThat(passed.path("id").asText()).isEqualTo("resp_upstream_1");
        assertThat(upstream.paths()).containsExactly("/v1/responses");
        // The client's request with store: false (the provider account is every organisation's).
        assertThat(upstream.requests().get(0)).isEqualTo(((ObjectNode) JSON.readTree(body)).put("store", false));

        // Hosted tools go to such a provider too; state it would keep for others does not.
        upstream.reset();
        upstream.thenAnswer(native_);
        create("{\"model\":\"" + ScriptedUpstreamResource.NATIVE_MODEL + "\",\"input\":\"hi\",\"tools\":["
                + "{\"type\":\"web_search\"}]}");
        assertThat(upstream.paths()).containsExactly("/v1/responses");
        Response continued = post("{\"model\":\"" + ScriptedUpstreamResource.NATIVE_MODEL + "\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"previous_response_id\":\"resp_upstream_1\"}");
        assertThat(continued.jsonPath().getString("error.code")).as("the gateway's store, not the shared account's")
                .isEqualTo("previous_response_not_found");
        assertThat(upstream.paths()).hasSize(1);

        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        JsonNode looped = create("{\"model\":\"" + ScriptedUpstreamResource.NATIVE_MODEL + "\",\"input\":\"call fix__lookup\"}");
        assertThat(types(looped.path("output"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(upstream.paths()).as("plugin tools: the gateway's loop over chat completions")
                .containsOnly("/v1/chat/completions");
    }

    @Test
    void aFailureAfterTheStreamStartedIsAnErrorEventThenResponseFailed() throws Exception {
        Response response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"input\":\"fail after the tool\",\"stream\":true}").post("/v1/responses");
        List<JsonNode> events = events(response.asString());
        List<String> names = events.stream().map(e -> e.path("type").asText()).toList();
        assertThat(names).containsSubsequence("response.created", "response.output_text.delta", "response.mcp_call.completed",
                "error", "response.failed");
        JsonNode error = events.get(names.indexOf("error"));
        assertThat(error.path("code").asText()).isEqualTo("model_overloaded");
        assertThat(error.path("message").asText()).contains("The model is overloaded");
        JsonNode failed = events.get(events.size() - 1).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("model_overloaded");

        // Not streamed: the provider's error, with x-should-retry false since a tool has run.
        Response plain = post("{\"model\":\"scripted-model\",\"input\":\"fail after the tool again\"}");
        assertThat(plain.statusCode()).isEqualTo(503);
        assertThat(plain.jsonPath().getString("error.code")).isEqualTo("model_overloaded");
        assertThat(plain.header("x-should-retry")).isEqualTo("false");
    }

    @Test
    void inputItemsAreListedNewestFirstInPages() throws Exception {
        JsonNode r = create("{\"model\":\"scripted-model\",\"input\":[{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"assistant\",\"content\":\"noted\"},{\"type\":\"message\",\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_text\",\"text\":\"second\"}]}]}");
        String path = "/v1/responses/" + r.path("id").asText() + "/input_items";
        JsonNode all = JSON.readTree(given().header("Authorization", "Bearer " + key).get(path).asString());
        assertThat(all.path("object").asText()).isEqualTo("list");
        assertThat(all.path("data")).hasSize(3);
        assertThat(all.at("/data/0/content/0/text").asText()).as("newest first").isEqualTo("second");
        assertThat(all.at("/data/2/content").asText()).isEqualTo("first");
        all.path("data").forEach(item -> assertThat(item.path("id").asText()).startsWith("msg_"));
        assertThat(all.path("has_more").asBoolean()).isFalse();
        JsonNode page = JSON.readTree(given().header("Authorization", "Bearer " + key).queryParam("limit", 1)
                .queryParam("order", "asc").get(path).asString());
        assertThat(page.at("/data/0/content").asText()).isEqualTo("first");
        assertThat(page.path("has_more").asBoolean()).isTrue();
        JsonNode next = JSON.readTree(given().header("Authorization", "Bearer " + key).queryParam("limit", 1)
                .queryParam("order", "asc").queryParam("after", page.path("last_id").asText()).get(path).asString());
        assertThat(next.at("/data/0/content").asText()).isEqualTo("noted");
        Response bad = given().header("Authorization", "Bearer " + key).queryParam("limit", 0).get(path);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("error.param")).isEqualTo("limit");
    }

    @Test
    void toolChoiceNamesPluginToolsByServerLabelAndAllowedToolsBecomeChatsAllowedTools() throws Exception {
        create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tool_choice\":{\"type\":\"mcp\",\"server_label\":\"fix\","
                + "\"name\":\"lookup\"}}");
        assertThat(upstream.requests().get(0).at("/tool_choice/function/name").asText()).isEqualTo("fix__lookup");
        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tool_choice\":{\"type\":\"allowed_tools\",\"mode\":\"auto\","
                + "\"tools\":[{\"type\":\"mcp\",\"server_label\":\"fix\"}]}}");
        JsonNode choice = upstream.requests().get(0).path("tool_choice");
        assertThat(choice.path("type").asText()).isEqualTo("allowed_tools");
        assertThat(choice.at("/allowed_tools/mode").asText()).isEqualTo("auto");
        assertThat(choice.at("/allowed_tools/tools/0/function/name").asText()).isEqualTo("fix__lookup");
        Response unknownTool = post("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"mcp\","
                + "\"server_label\":\"fix\",\"allowed_tools\":[\"lookup\",\"nope\"]}]}");
        assertThat(unknownTool.statusCode()).isEqualTo(400);
        assertThat(unknownTool.jsonPath().getString("error.code")).isEqualTo("unknown_tool");
        assertThat(unknownTool.jsonPath().getString("error.param")).isEqualTo("tools[0].allowed_tools");
        // "never" in its object form asks no approval: accepted.
        create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"fix\","
                + "\"require_approval\":{\"never\":{\"tool_names\":[\"lookup\"]}}}]}");
    }

    @Test
    void aPluginsToolsAreListedOnceInAConversationAndAgainWhenTheyWereNotListedYet() throws Exception {
        JsonNode functionsOnly = create("{\"model\":\"scripted-model\",\"input\":\"hello\",\"tools\":[{\"type\":\"function\","
                + "\"name\":\"local_echo\"}]}");
        assertThat(types(functionsOnly.path("output"))).containsExactly("message");
        JsonNode second = create("{\"model\":\"scripted-model\",\"input\":\"call fix__lookup\",\"previous_response_id\":\""
                + functionsOnly.path("id").asText() + "\"}");
        assertThat(types(second.path("output"))).as("not listed before in this conversation")
                .containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(second.at("/output/0").has("error")).as("absent when listing worked (the Vercel AI SDK refuses null)").isFalse();
        JsonNode third = create("{\"model\":\"scripted-model\",\"input\":\"call fix__lookup\",\"previous_response_id\":\""
                + second.path("id").asText() + "\"}");
        assertThat(types(third.path("output"))).containsExactly("mcp_call", "message");
    }

    @Test
    void aCallsOutcomeDecidesFailedNotWhatItsTextSays() throws Exception {
        // A tool whose successful result starts with "Error", and a plugin whose server refuses every call.
        GatewayFixtures.plugin(org, UUID.randomUUID(), "errs", fixture.url("/mcp"), 20_000, List.of(tool("Error_report", ID_SCHEMA)));
        GatewayFixtures.plugin(org, UUID.randomUUID(), "down", fixture.url("/unauthorized"), 20_000, List.of(tool("lookup", ID_SCHEMA)));
        await().until(() -> plugins.forOrganization(org).size() == 3);

        JsonNode fine = create("{\"model\":\"scripted-model\",\"input\":\"call errs__Error_report\",\"tools\":[{\"type\":\"mcp\","
                + "\"server_label\":\"errs\"}]}");
        JsonNode call = fine.at("/output/1");
        assertThat(call.path("status").asText()).isEqualTo("completed");
        assertThat(call.path("output").asText()).startsWith("Error_report called with");
        assertThat(call.path("error").isNull()).isTrue();

        JsonNode refused = create("{\"model\":\"scripted-model\",\"input\":\"call down__lookup\",\"tools\":[{\"type\":\"mcp\","
                + "\"server_label\":\"down\"}]}");
        JsonNode failed = refused.at("/output/1");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("output").isNull()).isTrue();
        assertThat(failed.path("error").asText()).startsWith("Error: the tool lookup could not be called");
    }

    @Test
    void aLoopStoppedAtItsRoundCapIsIncompleteWithMaxToolCallsAndClashingNamesAreRefused() throws Exception {
        upstream.whenIdle(request -> ScriptedUpstream.toolCalls("fix__lookup", "{\"id\":\"1\"}"));
        JsonNode capped = create("{\"model\":\"scripted-model\",\"input\":\"loop forever\"}");
        assertThat(capped.path("status").asText()).isEqualTo("incomplete");
        assertThat(capped.at("/incomplete_details/reason").asText()).isEqualTo("max_tool_calls");
        assertThat(capped.at("/gateway/stoppedAtRoundCap").asBoolean()).isTrue();

        Response clash = post("{\"model\":\"scripted-model\",\"input\":\"hi\",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"fix\"},"
                + "{\"type\":\"function\",\"name\":\"fix__lookup_v2\"}]}");
        assertThat(clash.statusCode()).isEqualTo(400);
        assertThat(clash.jsonPath().getString("error.message")).contains("fix__lookup_v2", "fix__lookup");
    }

    private static List<JsonNode> events(String stream) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        return events;
    }

    private static List<String> types(JsonNode output) {
        List<String> types = new ArrayList<>();
        output.forEach(item -> types.add(item.path("type").asText()));
        return types;
    }
}
