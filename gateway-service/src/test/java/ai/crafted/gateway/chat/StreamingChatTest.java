package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * {@code stream: true} through the tool loop, read by the official OpenAI Java SDK (and, where
 * a test must cut the connection, a plain socket): every round streams upstream, content reaches
 * the client while the loop still runs, injected tool calls never do, usage is summed, and a
 * client that goes away cancels the provider's stream and the tool calls.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class StreamingChatTest extends FixturePluginTest {

    @TestHTTPResource("/v1")
    URL gateway;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private OpenAIClient client;

    @BeforeEach
    void organisationWithPlugins() {
        upstream.reset();
        // slow_tool answers after 400 ms, stuck_tool after 30 s.
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA), tool("slow_tool", ID_SCHEMA), tool("stuck_tool", ID_SCHEMA)));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(key).maxRetries(0).build();
    }

    @Test
    void contentReachesTheClientBeforeTheToolLoopEnds() {
        upstream.thenAnswer(withContent(toolCalls("fix__slow_tool", "{\"id\":\"1\"}"), "Let me look that up. "))
                .thenAnswer(text("Found it: record 1."));

        List<Long> contentNanos = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        try (var stream = client.chat().completions().createStreaming(params("find 1").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().filter(t -> !t.isEmpty())
                    .ifPresent(t -> {
                        contentNanos.add(System.nanoTime());
                        content.append(t);
                    })));
        }

        assertThat(content.toString()).isEqualTo("Let me look that up. Found it: record 1.");
        assertThat(upstream.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.path("stream").asBoolean()).isTrue());
        // The second round starts only after the 400 ms tool: the first words were already with the client.
        assertThat(contentNanos.get(0)).isLessThan(upstream.requestNanos().get(1));
        JsonNode assistant = upstream.requests().get(1).path("messages").get(1);
        assertThat(assistant.path("content").asText()).isEqualTo("Let me look that up. ");
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("fix__slow_tool");
        assertThat(assistant.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"id\":\"1\"}");
        assertThat(upstream.requests().get(1).path("messages").get(2).path("content").asText()).contains("slow_tool called with");
    }

    @Test
    void injectedCallsNeverReachTheClientAndUsageIsSummedOverRounds() {
        upstream.splittingToolNames().thenAnswer(toolCalls("fix__lookup", "{\"id\":\"7\"}"))
                .thenAnswer(toolCalls("fix__lookup", "{\"id\":\"8\"}")).thenAnswer(text("Both found."));

        List<ChatCompletionChunk> chunks;
        try (var stream = client.chat().completions().createStreaming(params("find 7 and 8")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(upstream.requests()).hasSize(3)
                .allSatisfy(r -> assertThat(r.at("/stream_options/include_usage").asBoolean()).isTrue());
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()))
                .allSatisfy(c -> assertThat(c.delta().toolCalls().orElse(List.of())).isEmpty());
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.finishReason().isPresent()))
                .singleElement().satisfies(c -> assertThat(c.finishReason().orElseThrow().asString()).isEqualTo("stop"));
        var usage = chunks.stream().filter(c -> c.usage().isPresent()).map(c -> c.usage().orElseThrow()).toList();
        assertThat(usage).singleElement().satisfies(u -> {
            assertThat(u.promptTokens()).isEqualTo(30);
            assertThat(u.completionTokens()).isEqualTo(15);
            assertThat(u.totalTokens()).isEqualTo(45);
        });
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(chunks.size() - 1).choices()).isEmpty(); // usage comes last, as OpenAI sends it
    }

    @Test
    void withoutIncludeUsageNoUsageChunkIsSentAndTheExtensionNamesTheRounds() {
        upstream.thenAnswer(toolCalls("fix__lookup", "{\"id\":\"7\"}")).thenAnswer(text("Done."));

        List<JsonNode> events = SseData.of(streamRaw("{\"model\":\"gpt-test\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));

        assertThat(events).noneMatch(e -> e.has("usage"));
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/gateway/rounds").asInt()).isEqualTo(2);
    }

    @Test
    void toolProgressIsToldInCommentsThatSdksIgnore() {
        upstream.thenAnswer(toolCalls("fix__slow_tool", "{\"id\":\"1\"}")).thenAnswer(text("ok"));

        String body = streamRaw("{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(body).contains(": gateway tool fix__slow_tool running\n\n")
                .containsPattern(": gateway tool fix__slow_tool done ok in \\d+ ms\n\n")
                .contains(": keep-alive\n\n").endsWith("data: [DONE]\n\n");
    }

    @Test
    void whenTheModelAlsoCallsTheClientsToolsOnlyThoseGoOutAndThePluginCallsAreNotRun() {
        upstream.thenAnswer(toolCalls("fix__lookup", "{\"id\":\"1\"}", "client_side_tool", "{\"q\":\"a\"}"));
        int callsBefore = toolCallsSeenByFixture();

        List<JsonNode> events = SseData.of(streamRaw("{\"model\":\"gpt-test\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));

        List<JsonNode> calls = events.stream().flatMap(e -> stream(e.at("/choices/0/delta/tool_calls"))).toList();
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
        assertThat(calls).extracting(c -> c.at("/function/name").asText("")).containsOnly("client_side_tool", "");
        assertThat(calls.stream().map(c -> c.at("/function/arguments").asText("")).reduce("", String::concat))
                .isEqualTo("{\"q\":\"a\"}");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(last.at("/gateway/note").asText()).contains("were not run");
        assertThat(upstream.requests()).hasSize(1);
        assertThat(toolCallsSeenByFixture()).isEqualTo(callsBefore);
    }

    @Test
    void aProviderThatAnswersJsonToAStreamingRequestIsStillStreamedThroughTheLoop() {
        upstream.ignoringStream().thenAnswer(toolCalls("fix__lookup", "{\"id\":\"1\"}")).thenAnswer(text("From JSON."));

        StringBuilder content = new StringBuilder();
        try (var stream = client.chat().completions().createStreaming(params("x").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(content::append)));
        }

        assertThat(content.toString()).isEqualTo("From JSON.");
        assertThat(upstream.requests()).hasSize(2);
    }

    @Test
    void aPassedThroughStreamFromAProviderThatAnswersJsonStillReachesTheSdkAsAStream() {
        upstream.ignoringStream().thenAnswer(text("Plain JSON, streamed for you."));

        StringBuilder content = new StringBuilder();
        List<ChatCompletionChunk> chunks;
        try (var stream = client.chat().completions().createStreaming(params("x")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalBodyProperty("plugins", com.openai.core.JsonValue.from(List.of())).build())) {
            chunks = stream.stream().toList();
        }
        chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(content::append)));

        assertThat(content.toString()).isEqualTo("Plain JSON, streamed for you.");
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(15));
        assertThat(upstream.requests()).singleElement().satisfies(r -> assertThat(r.has("tools")).isFalse());
    }

    @Test
    void aProviderErrorBeforeAnyOutputIsAnHttpErrorAndAfterItAnErrorEvent() {
        upstream.thenAnswer(ScriptedUpstream.error(503, "the model is overloaded"));
        assertThatThrownBy(() -> {
            try (var stream = client.chat().completions().createStreaming(params("x").build())) {
                stream.stream().toList();
            }
        }).isInstanceOf(OpenAIServiceException.class).hasMessageContaining("the model is overloaded")
                .extracting(e -> ((OpenAIServiceException) e).statusCode()).isEqualTo(503);

        upstream.thenAnswer(withContent(toolCalls("fix__lookup", "{\"id\":\"1\"}"), "Checking. "))
                .thenAnswer(ScriptedUpstream.error(500, "upstream broke mid-loop"));
        String body = streamRaw("{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(body).contains("\"Check\"").contains("event: error").contains("upstream broke mid-loop")
                .doesNotContain("[DONE]");
    }

    @Test
    void nAboveOneIsRefusedWhenToolsAreInjected() {
        given().auth().oauth2(key).contentType("application/json")
                .body("{\"model\":\"gpt-test\",\"n\":2,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("n"));
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aClientThatClosesTheSdkStreamMidAnswerCancelsTheProvidersStream() {
        upstream.pacedBy(300).thenAnswer(text("A long answer that takes a while to stream."));

        try (var stream = client.chat().completions().createStreaming(params("x").build())) {
            String first = stream.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                    .filter(t -> !t.isEmpty()).findFirst().orElseThrow();
            assertThat(first).startsWith("A long");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.streamsCut() == 1);
    }

    @Test
    void aClientThatDisconnectsWhileAToolRunsCancelsTheToolCallAndAsksTheModelNothingMore() throws Exception {
        upstream.thenAnswer(toolCalls("fix__stuck_tool", "{\"id\":\"1\"}")).thenAnswer(text("never asked"));
        double before = disconnects();
        int callsBefore = toolCallsSeenByFixture();

        try (Socket socket = openStream("{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
            readUntil(socket, ": gateway tool fix__stuck_tool running");
            // Cut only once the call is with the MCP server (before that, nothing is sent to cancel).
            await().atMost(Duration.ofSeconds(5)).until(() -> toolCallsSeenByFixture() == callsBefore + 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.requestLog().contains("notifications/cancelled"));
        await().atMost(Duration.ofSeconds(5)).until(() -> disconnects() == before + 1);
        Thread.sleep(500);
        assertThat(upstream.requests()).hasSize(1);
    }

    private int toolCallsSeenByFixture() {
        return (int) fixture.requestLog().stream().filter("tools/call"::equals).count();
    }

    private double disconnects() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("gateway_chat_stream_disconnects_total"))
                // The value, before an exemplar (" # {span_id=…,trace_id=…} 1.0 <time>") when a trace was current.
                .mapToDouble(l -> Double.parseDouble(l.replaceFirst(" # .*$", "").substring(l.replaceFirst(" # .*$", "")
                        .lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private String streamRaw(String body) {
        return given().auth().oauth2(key).contentType("application/json").body(body).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();
    }

    private Socket openStream(String body) throws Exception {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void readUntil(Socket socket, String marker) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains(marker)) {
                return;
            }
        }
        throw new AssertionError("the stream ended before " + marker);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static ObjectNode withContent(ObjectNode answer, String content) {
        ((ObjectNode) answer.at("/choices/0/message")).put("content", content);
        return answer;
    }

    private static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(prompt);
    }
}
