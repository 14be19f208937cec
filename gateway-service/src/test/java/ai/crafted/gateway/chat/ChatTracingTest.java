package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * One chat with one tool call is one trace: the gateway's server span (continuing the caller's
 * {@code traceparent}), a {@code chat} span per model round and an {@code execute_tool} span
 * beside them, the HTTP client spans of the provider and MCP requests under them, and the
 * provider and the MCP server receive a {@code traceparent} of that trace naming those client
 * spans. Nothing the user or the model wrote is recorded.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ChatTracingTest extends FixturePluginTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PROMPT = "Look up the customer, prompt-marker-8c1e";
    private static final String ARGUMENTS = "{\"id\":\"argument-marker-77d2\"}";

    @Inject
    InMemorySpanExporter spans;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @BeforeEach
    void organisationWithAPlugin() {
        upstream.reset();
        spans.reset();
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA)));
    }

    @Test
    void aChatWithOneToolCallIsOneTraceFromTheCallerToTheProviderAndTheMcpServer() {
        assertOneTrace(false);
    }

    @Test
    void aStreamedChatWithOneToolCallIsOneTraceToo() {
        assertOneTrace(true);
    }

    private void assertOneTrace(boolean stream) {
        upstream.thenAnswer(toolCalls("fix__lookup", ARGUMENTS)).thenAnswer(text("Found them."));
        String traceId = hex(16);
        String callerSpanId = hex(8);

        given().header("Authorization", "Bearer " + key).header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + PROMPT + "\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);

        // Exported in batches after they end: wait for the whole tree, then look at it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<SpanData> trace = trace(traceId);
            assertThat(trace.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)
                    && trace.stream().filter(s -> s.getName().equals("chat scripted-model")).count() == 2
                    && trace.stream().anyMatch(s -> s.getName().equals("execute_tool fix__lookup"))
                    && clientSpansUnder(trace, "execute_tool fix__lookup").size() >= 1
                    && clientSpansUnder(trace, "chat scripted-model").size() == 2).as(summary(trace)).isTrue();
        });
        List<SpanData> trace = trace(traceId);

        SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).as("the server span continues the caller's span").isEqualTo(callerSpanId);

        List<SpanData> rounds = trace.stream().filter(s -> s.getName().equals("chat scripted-model"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        for (SpanData round : rounds) {
            assertThat(round.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(round.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(round.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
            assertThat(round.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("scripted-model");
            // The scripted provider reports 10 prompt and 5 completion tokens per round.
            assertThat(round.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(10L);
            assertThat(round.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5L);
            assertThat(round.getAttributes().get(AttributeKey.stringKey("crafted.upstream"))).isEqualTo("default");
        }
        assertThat(rounds.get(0).getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("tool_calls");
        assertThat(rounds.get(1).getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("stop");

        SpanData tool = trace.stream().filter(s -> s.getName().equals("execute_tool fix__lookup")).findFirst().orElseThrow();
        assertThat(tool.getParentSpanId()).as("tool calls sit beside the rounds, under the request").isEqualTo(server.getSpanId());
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("fix__lookup");
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("crafted.organization.id"))).isEqualTo(org.toString());
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("crafted.integration.id"))).isNotBlank();
        assertThat(tool.getAttributes().get(AttributeKey.stringKey("crafted.tool.outcome"))).isEqualTo("ok");
        assertThat(tool.getAttributes().get(AttributeKey.longKey("crafted.tool.result.bytes"))).isPositive();
        // A new plugin: its first call opens the session.
        assertThat(tool.getAttributes().get(AttributeKey.booleanKey("crafted.mcp.session.reused"))).as(tool.toString()).isFalse();

        // The provider got one request per round, each naming that round's HTTP client span.
        Set<String> providerClientSpans = ids(clientSpansUnder(trace, "chat scripted-model"));
        assertThat(upstream.requestHeaders()).hasSize(2);
        assertThat(upstream.requestHeaders().stream().map(ChatTracingTest::traceparent).toList())
                .allSatisfy(parent -> {
                    assertThat(parent[1]).isEqualTo(traceId);
                    assertThat(providerClientSpans).contains(parent[2]);
                })
                .extracting(parent -> parent[2]).doesNotHaveDuplicates();

        // Every request the MCP server got for this call names an HTTP client span under execute_tool.
        Set<String> mcpClientSpans = ids(clientSpansUnder(trace, "execute_tool fix__lookup"));
        List<String[]> mcpParents = fixture.requestHeaders().stream().map(ChatTracingTest::traceparent)
                .filter(parent -> parent != null && parent[1].equals(traceId)).toList();
        assertThat(mcpParents).isNotEmpty();
        assertThat(mcpParents).allSatisfy(parent -> assertThat(mcpClientSpans).contains(parent[2]));

        // Never the prompt, the arguments or the result.
        assertThat(trace).allSatisfy(span -> assertThat(span.getAttributes().asMap().values().toString())
                .doesNotContain("prompt-marker-8c1e").doesNotContain("argument-marker-77d2").doesNotContain("lookup called with"));
    }

    /** The trace as lines of kind, name, id and parent id: what a failed wait shows. */
    private static String summary(List<SpanData> trace) {
        return trace.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getSpanId() + " <- " + s.getParentSpanId())
                .collect(Collectors.joining("\n", "spans of the trace:\n", ""));
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** The HTTP client spans whose parent is a span of this name. */
    private static List<SpanData> clientSpansUnder(List<SpanData> trace, String parentName) {
        Set<String> parents = ids(trace.stream().filter(s -> s.getName().equals(parentName)).toList());
        return trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT && parents.contains(s.getParentSpanId())).toList();
    }

    private static Set<String> ids(List<SpanData> spans) {
        return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    }

    /** {@code traceparent} split into version, trace id, parent id and flags; null when absent. */
    private static String[] traceparent(MultiMap headers) {
        String value = headers.get("traceparent");
        return value == null ? null : value.split("-");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
