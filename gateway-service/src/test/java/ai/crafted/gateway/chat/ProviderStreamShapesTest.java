package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.gateway.chat.RawStreamUpstream.chunk;
import static ai.crafted.gateway.chat.RawStreamUpstream.stream;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * The streamed tool loop against the stream shapes providers really send, byte for byte: an
 * injected tool call must never reach the client, whatever the shape, and a provider's error
 * must reach it in words.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
@QuarkusTestResource(RawStreamUpstream.class)
class ProviderStreamShapesTest extends FixturePluginTest {

    private static final String REQUEST = "{\"model\":\"raw-m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    private static final String DONE = "data: [DONE]\n\n";
    private static final String ROLE = chunk("{\"role\":\"assistant\",\"content\":null}", null);
    @BeforeEach
    void organisationWithAPlugin() {
        RawStreamUpstream.reset();
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA)));
    }

    @Test
    void toolCallsWithoutIndexAreTwoCallsRunByTheGatewayNotOneLeakedCall() {
        // Gemini's OpenAI-compatible API: whole calls, one per chunk, no index.
        stream(ROLE + chunk(call(null, "call_a", "fix__lookup", "{\\\"id\\\":\\\"1\\\"}"), null)
                + chunk(call(null, "call_b", "fix__lookup", "{\\\"id\\\":\\\"2\\\"}"), null) + chunk("{}", "tool_calls") + DONE);
        stream(chunk("{\"role\":\"assistant\",\"content\":\"both\"}", "stop") + DONE);

        String body = post();

        assertNoToolCallReachedTheClient(body);
        assertThat(RawStreamUpstream.REQUESTS).hasSize(2);
        JsonNode assistant = RawStreamUpstream.REQUESTS.get(1).path("messages").get(1);
        assertThat(assistant.path("tool_calls")).hasSize(2);
        assertThat(assistant.at("/tool_calls/1/id").asText()).isEqualTo("call_b");
        assertThat(assistant.at("/tool_calls/1/function/arguments").asText()).isEqualTo("{\"id\":\"2\"}");
    }

    @Test
    void anIndexReusedForANewIdStartsANewCall() {
        stream(ROLE + chunk(call(0, "call_a", "fix__lookup", "{}"), null) + chunk(call(0, "call_b", "fix__lookup", "{}"), null)
                + chunk("{}", "tool_calls") + DONE);
        stream(chunk("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop") + DONE);

        assertNoToolCallReachedTheClient(post());
        assertThat(RawStreamUpstream.REQUESTS.get(1).path("messages").get(1).path("tool_calls")).hasSize(2);
    }

    @Test
    void anotherChoiceNeverReachesTheClient() {
        stream("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null},"
                + "{\"index\":1,\"delta\":" + call(0, "call_s", "fix__lookup", "{}") + ",\"finish_reason\":null}]}\n\n"
                + chunk("{}", "stop") + DONE);

        String body = post();

        assertThat(body).contains("\"Hi\"").doesNotContain("fix__lookup").doesNotContain("\"index\":1");
    }

    @Test
    void providerFieldsOfAToolCallGoBackInTheNextRound() {
        // Gemini 3 refuses a conversation whose tool call lost its thought signature.
        stream(ROLE + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_g\",\"type\":\"function\",\"extra_content\":"
                + "{\"google\":{\"thought_signature\":\"SIG123\"}},\"function\":{\"name\":\"fix__lookup\",\"arguments\":\"{}\"}}]}", null)
                + chunk("{}", "tool_calls") + DONE);
        stream(chunk("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop") + DONE);

        assertThat(post()).doesNotContain("SIG123");
        assertThat(RawStreamUpstream.REQUESTS.get(1).at("/messages/1/tool_calls/0/extra_content/google/thought_signature")
                .asText()).isEqualTo("SIG123");
    }

    @Test
    void aTurnCutOffInsideAToolCallStopsWithLengthWithoutRunningIt() {
        int calls = toolCallsSeenByFixture();
        stream(ROLE + chunk(call(0, "call_a", "fix__lookup", "{\\\"id\\\":\\\"1"), null) + chunk("{}", "length") + DONE);

        List<JsonNode> events = SseData.of(post());

        JsonNode last = events.get(events.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(last.at("/gateway/note").asText()).contains("cut off");
        assertThat(RawStreamUpstream.REQUESTS).hasSize(1);
        assertThat(toolCallsSeenByFixture()).isEqualTo(calls);
    }

    @Test
    void providerErrorsReachTheClientInWords() {
        stream(chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null) + "event: error\ndata: Internal error overloaded_y\n\n");
        assertThat(post()).contains("event: error").contains("overloaded_y").doesNotContain(DONE);

        RawStreamUpstream.SCRIPTS.add(response -> response.putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"message\":\"quota_z exceeded\",\"type\":\"insufficient_quota\"}}"));
        assertThat(given().auth().oauth2(key).contentType("application/json").body(REQUEST).post("/v1/chat/completions")
                .then().statusCode(502).extract().asString()).contains("quota_z exceeded");

        stream("{\"error\":{\"message\":\"bad_w\",\"type\":\"x\"}}\n");
        assertThat(given().auth().oauth2(key).contentType("application/json").body(REQUEST).post("/v1/chat/completions")
                .then().statusCode(502).extract().asString()).contains("bad_w");
    }

    @Test
    void aCompleteAnswerWhoseConnectionBreaksBeforeDoneStillEndsCleanly() {
        RawStreamUpstream.SCRIPTS.add(response -> {
            response.putHeader("Content-Type", "text/event-stream")
                    .write(chunk("{\"role\":\"assistant\",\"content\":\"Complete answer\"}", null) + chunk("{}", "stop"));
            RawStreamUpstream.vertx().setTimer(200, t -> response.reset());
        });

        assertThat(post()).contains("Complete answer").endsWith(DONE);
    }

    @Test
    void aProviderThatFallsSilentMidAnswerIsGivenUpOnAfterTheUpstreamTimeout() {
        RawStreamUpstream.SCRIPTS.add(response -> response.putHeader("Content-Type", "text/event-stream")
                .write(chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null)));

        String body = post();

        assertThat(body).contains("\"Hi\"").contains("event: error").contains("upstream_timeout").doesNotContain(DONE);
    }

    @Test
    void anEventLargerThanTheCapEndsTheStreamWithAnError() {
        // The cap is counted per read from the connection, so it holds to within one read (tens of KiB).
        String big = "x".repeat(StreamedChat.MAX_EVENT_BYTES + 1024 * 1024);
        stream(chunk("{\"role\":\"assistant\",\"content\":\"start\"}", null) + chunk("{\"content\":\"" + big + "\"}", null) + DONE);

        String body = post();

        assertThat(body).contains("event: error").contains("larger than").hasSizeLessThan(100_000);
    }

    private String post() {
        return given().auth().oauth2(key).contentType("application/json").body(REQUEST).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();
    }

    private static String call(Integer index, String id, String name, String arguments) {
        return "{\"tool_calls\":[{" + (index == null ? "" : "\"index\":" + index + ",") + "\"id\":\"" + id
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"" + arguments + "\"}}]}";
    }

    private int toolCallsSeenByFixture() {
        return (int) fixture.requestLog().stream().filter("tools/call"::equals).count();
    }

    private static void assertNoToolCallReachedTheClient(String body) {
        assertThat(SseData.of(body)).allSatisfy(e -> assertThat(e.at("/choices/0/delta/tool_calls").isMissingNode())
                .as("tool call sent to the client: %s", e).isTrue());
        assertThat(body).endsWith(DONE);
    }
}
