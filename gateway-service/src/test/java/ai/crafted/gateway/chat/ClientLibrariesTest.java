package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.NpmFixtures;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * The client libraries people put in front of an OpenAI-compatible endpoint, run as their docs
 * show against the gateway (injecting a plugin and running the loop) and a model that obeys
 * {@code tool_choice} and {@code logprobs} and sends provider headers ({@link ObedientModel}):
 * the official {@code openai} Node SDK, the Vercel AI SDK ({@code ai} + {@code @ai-sdk/openai})
 * and LangChain JS ({@code @langchain/openai}). Each library runs its scenarios in one Node
 * process ({@code test-support/npm/clients/*.mjs}) and prints what it got; the assertions are
 * here. A scenario a library cannot express (the AI SDK sends {@code tool_choice} only with its
 * own tools and has no {@code n}; LangChain's chat completions model drops {@code refusal}) is
 * not run for it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class ClientLibrariesTest extends FixturePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1")
    URL gateway;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @BeforeEach
    void organisationWithAPlugin() {
        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA)));
    }

    @Test
    void theOfficialNodeSdk() throws Exception {
        JsonNode r = run("openai-node.mjs");

        // tool_choice holds for the first round only: the model's second turn answers.
        assertThat(r.at("/toolChoiceRequired/content").asText()).as(r.toString()).startsWith("The tool answered: ");
        assertThat(r.at("/toolChoiceRequired/finish").asText()).isEqualTo("stop");
        assertThat(r.at("/toolChoiceRequired/rounds").asInt()).isEqualTo(2);
        assertThat(r.at("/toolChoiceForcedStreamed/content").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/toolChoiceForcedStreamed/finishes"))).containsExactly("stop");
        assertThat(r.at("/toolChoiceUnknown/error/name").asText()).isEqualTo("BadRequestError");
        assertThat(r.at("/toolChoiceUnknown/error/param").asText()).isEqualTo("tool_choice");
        // n > 1: refused, with the reason.
        assertThat(r.at("/nAboveOne/error/status").asInt()).isEqualTo(400);
        assertThat(r.at("/nAboveOne/error/param").asText()).isEqualTo("n");
        // Streaming keeps logprobs, fingerprint, tier and summed usage; refusals stream.
        JsonNode logprobs = r.path("streamedLogprobs");
        assertThat(logprobs.path("tokens").asText()).isEqualTo(logprobs.path("content").asText()).startsWith("The tool answered");
        assertThat(texts(logprobs.path("fingerprints"))).containsOnly(ObedientModel.FINGERPRINT);
        assertThat(texts(logprobs.path("tiers"))).containsOnly(ObedientModel.TIER);
        assertThat(logprobs.at("/usage/total_tokens").asInt()).isEqualTo(30);
        assertThat(r.at("/streamedRefusal/refusal").asText()).isEqualTo("I can't help with that.");
        // Provider headers: the SDK's request id is the provider's; the operator's stay here.
        assertThat(r.at("/headers/requestId").asText()).startsWith("req_scripted_");
        assertThat(UUID.fromString(r.at("/headers/gatewayRequestId").asText())).isNotNull();
        assertThat(r.at("/headers/remaining").asText()).isEqualTo("4999");
        assertThat(r.at("/headers/organization").isNull()).isTrue();
        assertThat(r.at("/headers/cookie").isNull()).isTrue();
        // A 429 is the SDK's RateLimitError with the provider's retry-after; with retries it succeeds.
        assertThat(r.at("/rateLimitRaised/error/name").asText()).isEqualTo("RateLimitError");
        assertThat(r.at("/rateLimitRaised/error/retryAfterMs").asText()).isEqualTo("20");
        assertThat(r.at("/rateLimitRetried/content").asText()).isEqualTo("Answered without tools.");
        // A mid-stream error is the SDK's APIError with the provider's code, after the content so far.
        assertThat(r.at("/midStreamError/content").asText()).isEqualTo("Checking. ");
        assertThat(r.at("/midStreamError/error/name").asText()).isEqualTo("APIError");
        assertThat(r.at("/midStreamError/error/code").asText()).isEqualTo("model_overloaded");
        assertThat(r.at("/midStreamError/error/message").asText()).contains("The model is overloaded");
    }

    @Test
    void theVercelAiSdk() throws Exception {
        JsonNode r = run("ai-sdk.mjs");

        assertThat(r.at("/headers/content").asText()).as(r.toString()).isEqualTo("Answered without tools.");
        assertThat(r.at("/headers/requestId").asText()).startsWith("req_scripted_");
        assertThat(UUID.fromString(r.at("/headers/gatewayRequestId").asText())).isNotNull();
        assertThat(r.at("/headers/organization").isNull()).isTrue();
        assertThat(r.at("/streamedLogprobs/content").asText()).isEqualTo("Answered without tools.");
        assertThat(r.at("/streamedLogprobs/tokens").asText()).isEqualTo("Answered without tools.");
        assertThat(r.at("/streamedLogprobs/finish").asText()).isEqualTo("stop");
        assertThat(r.at("/midStreamError/content").asText()).isEqualTo("Checking. ");
        assertThat(r.at("/midStreamError/errors/0/message").asText()).contains("The model is overloaded");
        assertThat(r.at("/rateLimitRetried/content").asText()).isEqualTo("Answered without tools.");
    }

    @Test
    void langChainJs() throws Exception {
        JsonNode r = run("langchain.mjs");

        assertThat(r.at("/toolChoiceRequired/content").asText()).as(r.toString()).startsWith("The tool answered: ");
        JsonNode streamed = r.path("streamedLogprobs");
        assertThat(streamed.path("content").asText()).startsWith("The tool answered: ");
        assertThat(streamed.path("tokens").asText()).isEqualTo(streamed.path("content").asText());
        assertThat(streamed.path("finish").asText()).isEqualTo("stop");
        // LangChain reads these from the chunk with the finish reason, which the gateway writes.
        assertThat(streamed.path("fingerprint").asText()).isEqualTo(ObedientModel.FINGERPRINT);
        assertThat(streamed.path("tier").asText()).isEqualTo(ObedientModel.TIER);
        assertThat(r.at("/nAboveOne/error/status").asInt()).isEqualTo(400);
        assertThat(r.at("/nAboveOne/error/message").asText()).contains("'n' greater than 1");
        assertThat(r.at("/midStreamError/content").asText()).isEqualTo("Checking. ");
        assertThat(r.at("/midStreamError/error/message").asText()).contains("The model is overloaded");
        assertThat(r.at("/midStreamError/error/code").asText()).isEqualTo("model_overloaded");
    }

    @Test
    void theResponsesApiClientsWithOnlyABaseUrlAndAKey() throws Exception {
        JsonNode r = run("responses.mjs");

        // The official SDK: plain, the server-side MCP loop, streamed (raw events and the stream helper), function tools.
        assertThat(r.at("/sdkPlain/text").asText()).as(r.toString()).isEqualTo("Answered without tools.");
        assertThat(r.at("/sdkPlain/status").asText()).isEqualTo("completed");
        assertThat(r.at("/sdkPlain/usage/total_tokens").asInt()).isPositive();
        assertThat(r.at("/sdkLoop/text").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/sdkLoop/types"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(r.at("/sdkLoop/call/server").asText()).isEqualTo("fix");
        assertThat(r.at("/sdkLoop/call/name").asText()).isEqualTo("lookup");
        assertThat(r.at("/sdkLoop/call/output").asText()).isNotEmpty();
        assertThat(r.at("/sdkStream/text").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/sdkStream/events"))).contains("response.created", "response.mcp_call.completed",
                "response.output_text.delta", "response.completed");
        assertThat(texts(r.at("/sdkStream/types"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(r.at("/sdkStream/usage/output_tokens").asInt()).isPositive();
        assertThat(r.at("/sdkStreamHelper/text").asText()).startsWith("The tool answered: ");
        assertThat(r.at("/sdkFunctionTool/call").asText()).isEqualTo("local_echo");
        assertThat(r.at("/sdkFunctionTool/text").asText()).isEqualTo("The tool answered: echo 42");
        // The Vercel AI SDK's default model: the MCP calls are its provider-executed tool calls and results.
        assertThat(r.at("/aiPlain/text").asText()).isEqualTo("Answered without tools.");
        assertThat(r.at("/aiPlain/usage/totalTokens").asInt()).isPositive();
        assertThat(r.at("/aiLoop/text").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/aiLoop/parts"))).contains("tool-call:mcp.lookup", "tool-result:mcp.lookup", "text");
        assertThat(r.at("/aiStream/text").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/aiStream/parts"))).contains("tool-call", "tool-result", "text-delta", "finish")
                .noneMatch(part -> part.startsWith("error"));
        assertThat(r.at("/aiClientTool/text").asText()).isEqualTo("The tool answered: echo 42");
        assertThat(r.at("/aiClientTool/steps").asInt()).isEqualTo(2);
        // The Agents SDK's default model class: the server-side loop, its own function tools, streaming, a second turn.
        assertThat(r.at("/agentLoop/text").asText()).startsWith("The tool answered: ");
        assertThat(texts(r.at("/agentLoop/items"))).contains("tool_call_item:mcp_call", "message_output_item");
        assertThat(r.at("/agentFunctionTool/text").asText()).isEqualTo("The tool answered: echo 42");
        assertThat(texts(r.at("/agentFunctionTool/items"))).contains("tool_call_item", "tool_call_output_item");
        assertThat(r.at("/agentStream/text").asText()).startsWith("The tool answered: ");
        assertThat(r.at("/agentContinued/text").asText()).as(r.toString()).isEqualTo("Answered without tools.");
        // Its second turn sent the MCP call back without the output; the model still saw the output, from the stored item.
        assertThat(upstream.requests()).anySatisfy(request -> {
            assertThat(request.path("messages").toString()).contains("thanks");
            assertThat(request.path("messages")).anySatisfy(message -> {
                assertThat(message.path("role").asText()).isEqualTo("tool");
                assertThat(message.path("content").asText()).startsWith("lookup called with");
            });
        });
    }

    /** Runs one library's scenario script on Node 22 and returns what it printed. */
    private JsonNode run(String script) throws Exception {
        Path npm = NpmFixtures.root();
        Path log = Path.of("target", script + ".log").toAbsolutePath();
        Path out = Path.of("target", script + ".json").toAbsolutePath();
        // Output to a file, so a scenario that never ends fails at the timeout instead of blocking a read.
        ProcessBuilder builder = new ProcessBuilder(NpmFixtures.node22().toString(), npm.resolve("clients/" + script).toString())
                .directory(npm.toFile()).redirectError(log.toFile()).redirectOutput(out.toFile());
        builder.environment().put("GATEWAY_URL", gateway.toString());
        builder.environment().put("API_KEY", key);
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("%s finished within 120 s; stderr in %s", script, log).isTrue();
        assertThat(process.exitValue()).as("%s exit code; stderr in %s", script, log).isZero();
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
