package ai.crafted.gateway.chat;

import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * What an OpenAI client sends and expects back, through the server-side tool loop, read by the
 * official OpenAI Java SDK against a model that obeys {@code tool_choice} and {@code logprobs}
 * and sends provider headers ({@link ObedientModel}): {@code tool_choice} holds for the first
 * round only, {@code n > 1} is refused with the reason, streaming keeps logprobs, refusals,
 * {@code system_fingerprint} and {@code service_tier}, provider headers reach the client (so the
 * SDK's retry-after backoff works), and a mid-stream error is the SDK's typed {@link SseException}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class LoopCompatibilityTest extends FixturePluginTest {

    @TestHTTPResource("/v1")
    URL gateway;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private OpenAIClient client;

    @BeforeEach
    void organisationWithAPlugin() {
        upstream.reset();
        upstream.whenIdle(new ObedientModel());
        organisationWithPlugin(List.of(tool("lookup", ID_SCHEMA)));
        client = sdk(0);
    }

    @Test
    void requiredToolChoiceHoldsForTheFirstRoundOnly() {
        ChatCompletion answer = client.chat().completions().create(params("look up 42")
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build());

        assertThat(answer.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).startsWith("The tool answered: "));
        assertThat(answer.choices().get(0).finishReason().asString()).isEqualTo("stop");
        assertThat(upstream.requests()).extracting(r -> r.path("tool_choice").asText()).containsExactly("required", "auto");
    }

    @Test
    void aForcedFunctionHoldsForTheFirstRoundOnlyWhenStreamedToo() {
        StringBuilder content = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        try (var stream = client.chat().completions().createStreaming(params("look up 42")
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("fix__lookup").build()).build())
                .build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(c -> {
                c.delta().content().ifPresent(content::append);
                c.finishReason().ifPresent(f -> finishes.add(f.asString()));
            });
        }

        assertThat(content.toString()).startsWith("The tool answered: ");
        assertThat(finishes).containsExactly("stop");
        assertThat(upstream.requests()).hasSize(2);
        assertThat(upstream.requests().get(0).at("/tool_choice/function/name").asText()).isEqualTo("fix__lookup");
        assertThat(upstream.requests().get(1).path("tool_choice").asText()).isEqualTo("auto");
    }

    /** One round only (the model calls no tool); that later rounds keep none is in ToolChoiceTest. */
    @Test
    void noneIsSentAsIs() {
        ChatCompletion answer = client.chat().completions().create(params("hello")
                .toolChoice(ChatCompletionToolChoiceOption.Auto.NONE).build());

        assertThat(answer.choices().get(0).message().content()).contains("Answered without tools.");
        assertThat(upstream.requests()).singleElement().satisfies(r -> {
            assertThat(r.path("tool_choice").asText()).isEqualTo("none");
            assertThat(r.path("tools").isArray()).isTrue();
        });
    }

    @Test
    void aForcedFunctionThatIsNotOfferedIsRefusedBeforeAnyModelIsAsked() {
        assertThatThrownBy(() -> client.chat().completions().create(params("x")
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("fix__nope").build()).build())
                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).hasValue("tool_choice");
                    assertThat(e.code()).hasValue("invalid_value");
                    assertThat(e.getMessage()).contains("fix__nope");
                });
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void nAboveOneIsRefusedWithTheReasonAndPassesWithoutPluginTools() {
        assertThatThrownBy(() -> client.chat().completions().create(params("x").n(2).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).hasValue("n");
                    assertThat(e.getMessage()).contains("side effects").contains("\"plugins\": []");
                });
        assertThat(upstream.requests()).isEmpty();

        ChatCompletion both = client.chat().completions().create(params("x").n(2)
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of())).build());
        assertThat(both.choices()).extracting(c -> c.index()).containsExactly(0L, 1L);
        assertThat(upstream.requests()).singleElement().satisfies(r -> {
            assertThat(r.path("n").asInt()).isEqualTo(2);
            assertThat(r.has("tools")).isFalse();
        });
    }

    @Test
    void streamingKeepsLogprobsFingerprintTierAndSummedUsageAcrossTheLoop() {
        List<ChatCompletionChunk> chunks;
        try (var stream = client.chat().completions().createStreaming(params("look up 42").logprobs(true)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        String content = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                .reduce("", String::concat);
        String tokens = chunks.stream().flatMap(c -> c.choices().stream())
                .flatMap(c -> c.logprobs().flatMap(l -> l.content()).orElse(List.of()).stream())
                .map(ChatCompletionTokenLogprob::token).reduce("", String::concat);
        assertThat(content).startsWith("The tool answered: ");
        assertThat(tokens).isEqualTo(content);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.systemFingerprint()).hasValue(ObedientModel.FINGERPRINT);
            assertThat(c.serviceTier()).hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo(ObedientModel.TIER));
        });
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(30));
        assertThat(upstream.requests()).allSatisfy(r -> assertThat(r.path("logprobs").asBoolean()).isTrue());
    }

    @Test
    void aRefusalStreamsAndIsKeptWithoutStreaming() {
        StringBuilder refusal = new StringBuilder();
        try (var stream = client.chat().completions().createStreaming(params("please refuse").build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(c -> c.delta().refusal().ifPresent(refusal::append));
        }
        assertThat(refusal.toString()).isEqualTo("I can't help with that.");

        ChatCompletion answer = client.chat().completions().create(params("please refuse").logprobs(true).build());
        assertThat(answer.choices().get(0).message().refusal()).hasValue("I can't help with that.");
        assertThat(answer.systemFingerprint()).hasValue(ObedientModel.FINGERPRINT);
    }

    @Test
    void providerHeadersReachTheClientAndTheOperatorsStayHere() {
        try (var raw = client.chat().completions().withRawResponse().create(params("look up 42")
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build())) {
            assertThat(raw.parse().choices()).hasSize(1);
            // The loop's answer is the last round's: its request id and rate-limit state.
            assertThat(raw.requestId()).hasValue(upstream.lastRequestId());
            assertProviderHeaders(raw.headers());
        }
        try (var raw = client.chat().completions().withRawResponse().createStreaming(params("look up 42")
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build())) {
            raw.parse().stream().toList();
            // Two rounds: the stream's head went out with the first round's headers.
            assertThat(upstream.requests()).hasSize(4);
            assertThat(raw.requestId()).hasValue(previous(upstream.lastRequestId()));
            assertProviderHeaders(raw.headers());
        }
        try (var raw = client.chat().completions().withRawResponse().create(params("hello")
                .putAdditionalBodyProperty("plugins", JsonValue.from(List.of())).build())) {
            assertThat(raw.requestId()).hasValue(upstream.lastRequestId()); // passed through
            assertProviderHeaders(raw.headers());
        }
    }

    @Test
    void withoutAProviderTheGatewaysOwnRequestIdIsTheRequestId() {
        assertThatThrownBy(() -> client.chat().completions().create(params("x")
                .toolChoice(ChatCompletionToolChoiceOption.Auto.of("sometimes")).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    String own = e.headers().values(RequestIds.HEADER).get(0);
                    assertThat(UUID.fromString(own)).isNotNull();
                    assertThat(e.headers().values("x-request-id")).containsExactly(own);
                    assertThat(e.param()).hasValue("tool_choice");
                });
    }

    @Test
    void aRateLimitedProviderIsRetriedByTheSdkAfterItsRetryAfter() {
        String text = "rate limit " + UUID.randomUUID();
        assertThatThrownBy(() -> client.chat().completions().create(params(text).build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.headers().values("retry-after-ms")).containsExactly("20");
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                    assertThat(e.code()).hasValue("rate_limit_exceeded");
                });

        String again = "rate limit " + UUID.randomUUID();
        ChatCompletion answer = sdk(2).chat().completions().create(params(again).build());
        assertThat(answer.choices().get(0).message().content()).hasValue("Answered without tools.");
        assertThat(upstream.requests().stream().filter(r -> r.toString().contains(again))).hasSize(2);
    }

    @Test
    void aFailureAfterToolsRanTellsTheSdkNotToRetrySoTheToolsDoNotActTwice() {
        int toolCalls = toolCallsSeenByFixture();

        assertThatThrownBy(() -> sdk(2).chat().completions().create(params("fail after the tool").build()))
                .isInstanceOfSatisfying(com.openai.errors.OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).hasValue("model_overloaded");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                    assertThat(e.headers().values("retry-after")).isEmpty();
                });
        // Without the header the SDK would have repeated the whole request twice: three tool calls.
        assertThat(upstream.requests()).hasSize(2);
        assertThat(toolCallsSeenByFixture() - toolCalls).isEqualTo(1);
    }

    @Test
    void aMidStreamErrorIsTheSdksTypedStreamError() {
        StringBuilder content = new StringBuilder();
        assertThatThrownBy(() -> {
            try (var stream = client.chat().completions().createStreaming(params("fail after the tool").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(content::append)));
            }
        }).isInstanceOfSatisfying(SseException.class, e -> {
            assertThat(e.code()).hasValue("model_overloaded");
            assertThat(e.type()).hasValue("server_error");
            assertThat(e.getMessage()).contains("The model is overloaded");
        });
        assertThat(content.toString()).isEqualTo("Checking. ");
        assertThat(upstream.requests()).hasSize(2);
    }

    private static void assertProviderHeaders(com.openai.core.http.Headers headers) {
        assertThat(headers.values("x-ratelimit-remaining-requests")).containsExactly("4999");
        assertThat(headers.values("openai-processing-ms")).containsExactly("7");
        assertThat(headers.values(RequestIds.HEADER)).singleElement().satisfies(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(headers.values("openai-organization")).isEmpty();
        assertThat(headers.values("set-cookie")).isEmpty();
    }

    private int toolCallsSeenByFixture() {
        return (int) fixture.requestLog().stream().filter("tools/call"::equals).count();
    }

    /** The scripted upstream's request id before this one ({@code req_scripted_<n>}). */
    private static String previous(String requestId) {
        int n = Integer.parseInt(requestId.substring(requestId.lastIndexOf('_') + 1));
        return requestId.substring(0, requestId.lastIndexOf('_') + 1) + (n - 1);
    }

    private OpenAIClient sdk(int retries) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(key).maxRetries(retries).build();
    }

    private static ChatCompletionCreateParams.Builder params(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(text);
    }
}
