package ai.crafted.gateway.usage;

import static ai.crafted.gateway.chat.GatewayFixtures.ECHO_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.ID_SCHEMA;
import static ai.crafted.gateway.chat.GatewayFixtures.tool;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.events.EventJson;
import ai.crafted.events.Topics;
import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.chat.GatewayFixtures;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * Every chat the tool loop serves is one {@code usage-recorded} record with the figures the
 * scripted model and the live MCP server (server-everything) produced, and a non-streamed answer
 * carries them as {@code Server-Timing}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class UsageRecordsTest {

    private static final Pattern DURATION = Pattern.compile("(gateway|model|tools);dur=(\\d+\\.\\d)");

    private static EverythingServer everything;

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    PluginRegistry plugins;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private final UUID org = UUID.randomUUID();
    private final UUID keyId = UUID.randomUUID();
    private final UUID plugin = UUID.randomUUID();
    private String key;

    @BeforeAll
    static void startServer() {
        everything = EverythingServer.streamableHttp();
    }

    @AfterAll
    static void stopServer() {
        everything.close();
    }

    @BeforeEach
    void organisationWithOnePlugin() {
        upstream.reset();
        key = GatewayFixtures.apiKey(org, keyId);
        GatewayFixtures.plugin(org, plugin, "everything", everything.endpoint(), null,
                List.of(tool("echo", ECHO_SCHEMA), tool("no-such-tool", ID_SCHEMA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 1);
    }

    @Test
    void aToolLoopChatIsOneRecordWithTokensPerRoundToolCallsAndTimes() {
        upstream.thenAnswer(usage(toolCalls("everything__echo", "{\"message\":\"hi\"}", "everything__no-such-tool", "{}"), 100, 7))
                .thenAnswer(usage(text("Done."), 180, 20));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            Response response = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"echo hi\"}]}")
                    .post("/v1/chat/completions");
            response.then().statusCode(200);

            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.schemaVersion()).isEqualTo(1);
            assertThat(event.apiKeyId()).isEqualTo(keyId);
            assertThat(event.api()).isEqualTo("chat.completions");
            assertThat(event.model()).isEqualTo("scripted-model");
            assertThat(event.stream()).isFalse();
            assertThat(event.status()).isEqualTo("ok");
            assertThat(event.rounds()).containsExactly(new UsageRecordedEvent.Round(100, 7), new UsageRecordedEvent.Round(180, 20));
            assertThat(event.toolCalls()).extracting(UsageRecordedEvent.ToolCall::tool, UsageRecordedEvent.ToolCall::outcome)
                    .containsExactlyInAnyOrder(tuple("echo", "ok"), tuple("no-such-tool", "tool_error"));
            assertThat(event.toolCalls()).allSatisfy(call -> {
                assertThat(call.integrationId()).isEqualTo(plugin);
                assertThat(call.slug()).isEqualTo("everything");
                assertThat(call.latencyMs()).isGreaterThanOrEqualTo(0);
            });
            assertTimesAddUp(event);
            // The calls run concurrently: the tool round's wall time, not the sum of the calls.
            assertThat(event.toolMs()).isGreaterThanOrEqualTo(event.toolCalls().stream()
                    .mapToDouble(UsageRecordedEvent.ToolCall::latencyMs).max().orElseThrow() - 0.1);

            String timing = response.header("Server-Timing");
            assertThat(timing).contains("rounds;desc=\"2\"");
            Matcher durations = DURATION.matcher(timing);
            int found = 0;
            while (durations.find()) {
                assertThat(Double.parseDouble(durations.group(2))).isGreaterThanOrEqualTo(0);
                found++;
            }
            assertThat(found).as(timing).isEqualTo(3);
            assertThat(records.awaitForKey(org.toString(), 1, Duration.ofSeconds(1)).get(0).value())
                    .as("no prompt or answer text in the record").doesNotContain("echo hi").doesNotContain("Done.");
        }
    }

    @Test
    void aStreamedChatIsRecordedWhenItEndsAndGetsNoServerTiming() {
        upstream.thenAnswer(usage(toolCalls("everything__echo", "{\"message\":\"streamed\"}"), 40, 3))
                .thenAnswer(usage(text("Streamed answer."), 60, 9));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            Response response = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions");
            response.then().statusCode(200);
            assertThat(response.asString()).contains("Streamed", "[DONE]");
            assertThat(response.header("Server-Timing")).as("the head left before the times were known").isNull();

            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.stream()).isTrue();
            assertThat(event.status()).isEqualTo("ok");
            assertThat(event.rounds()).containsExactly(new UsageRecordedEvent.Round(40, 3), new UsageRecordedEvent.Round(60, 9));
            assertThat(event.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.integrationId()).isEqualTo(plugin);
                assertThat(call.tool()).isEqualTo("echo");
                assertThat(call.outcome()).isEqualTo("ok");
            });
            assertTimesAddUp(event);
        }
    }

    @Test
    void aResponsesRequestIsRecordedAsResponsesWithServerTiming() {
        upstream.thenAnswer(usage(toolCalls("everything__echo", "{\"message\":\"r\"}"), 11, 2))
                .thenAnswer(usage(text("Answered."), 22, 4));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            Response response = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"input\":\"echo r\"}").post("/v1/responses");
            response.then().statusCode(200);
            assertThat(response.header("Server-Timing")).contains("gateway;dur=").contains("rounds;desc=\"2\"");

            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.api()).isEqualTo("responses");
            assertThat(event.rounds()).containsExactly(new UsageRecordedEvent.Round(11, 2), new UsageRecordedEvent.Round(22, 4));
            assertThat(event.toolCalls()).extracting(UsageRecordedEvent.ToolCall::tool).containsExactly("echo");
            assertTimesAddUp(event);
        }
    }

    @Test
    void aFailingProviderIsRecordedAsAnUpstreamError() {
        upstream.thenAnswer(ScriptedUpstream.error(503, "overloaded"));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            Response response = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions");
            response.then().statusCode(503);
            assertThat(response.header("Server-Timing")).contains("rounds;desc=\"0\"");

            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.status()).isEqualTo("upstream_error");
            assertThat(event.model()).as("the provider never answered: not the client's name").isEqualTo(
                    UsageRecordedEvent.MODEL_UNANSWERED);
            assertThat(event.rounds()).isEmpty();
            assertThat(event.toolCalls()).isEmpty();
        }
    }

    @Test
    void aPassedThroughRequestIsOneRoundWithTheProvidersUsage() {
        upstream.thenAnswer(usage(text("Passed through."), 33, 4));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            // The client's own tools: nothing of the gateway's in the request, no loop.
            Response response = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"mine\",\"parameters\":{\"type\":\"object\"}}}]}")
                    .post("/v1/chat/completions");
            response.then().statusCode(200);
            assertThat(upstream.requests().get(0).path("tools").get(0).path("function").path("name").asText()).isEqualTo("mine");
            assertThat(response.header("Server-Timing")).contains("tools;dur=0.0").contains("rounds;desc=\"1\"");

            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.status()).isEqualTo("ok");
            assertThat(event.rounds()).containsExactly(new UsageRecordedEvent.Round(33, 4));
            assertThat(event.toolCalls()).isEmpty();
            assertTimesAddUp(event);
        }
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerIsRecordedAsDisconnectedOnce() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        upstream.then(request -> {
            asked.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS); // the upstream's own event loop: only this test's answer waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return usage(text("Too late."), 5, 1);
        });

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            try (Socket socket = post("/v1/chat/completions",
                    "{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
                assertThat(asked.await(20, TimeUnit.SECONDS)).as("the provider was asked").isTrue();
            }
            // Recorded when the client goes, while the provider still has not answered.
            UsageRecordedEvent event = onlyRecord(records);
            answer.countDown();
            assertThat(event.status()).isEqualTo(UsageRecordedEvent.STATUS_CLIENT_DISCONNECTED);
            assertThat(event.stream()).isFalse();
            assertThat(event.model()).isEqualTo(UsageRecordedEvent.MODEL_UNANSWERED);
            // The late answer does not record the request a second time.
            upstream.thenAnswer(usage(text("Next."), 1, 1));
            given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"next\"}]}")
                    .post("/v1/chat/completions").then().statusCode(200);
            var published = records.awaitForKey(org.toString(), 2, Duration.ofSeconds(20));
            assertThat(published).hasSize(2);
            assertThat(EventJson.read(published.get(1).value(), UsageRecordedEvent.class).status())
                    .isEqualTo(UsageRecordedEvent.STATUS_OK);
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aClientThatLeavesMidRoundStopsTheLoopAndItsWaitCountsAsTheModels() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        upstream.then(request -> {
            asked.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Had the loop gone on, it would call the tool and ask the provider a second time.
            return usage(toolCalls("everything__echo", "{\"message\":\"late\"}"), 5, 1);
        }).thenAnswer(usage(text("Second round."), 1, 1));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            try (Socket socket = post("/v1/chat/completions",
                    "{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
                assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(400); // the model keeps the client waiting
            }
            UsageRecordedEvent event = onlyRecord(records);
            answer.countDown();
            assertThat(event.status()).isEqualTo(UsageRecordedEvent.STATUS_CLIENT_DISCONNECTED);
            assertThat(event.upstreamMs()).as("the round in flight is the model's time").isGreaterThanOrEqualTo(350);
            assertThat(event.gatewayMs()).as("not the gateway's").isLessThan(event.upstreamMs());
            // The late tool call is not run and no second round is asked for.
            Thread.sleep(1500);
            assertThat(upstream.requests()).as("provider requests").hasSize(1);
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aClientGoneBeforeTheLoopStartedGetsNoToolCallOrSecondRound() throws Exception {
        upstream.thenAnswer(usage(toolCalls("everything__echo", "{\"message\":\"gone\"}"), 5, 1))
                .thenAnswer(usage(text("Second round."), 1, 1));
        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            // Gone as soon as the request is written: often before the gateway has the key and starts the loop.
            post("/v1/chat/completions", "{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .close();
            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.status()).isEqualTo(UsageRecordedEvent.STATUS_CLIENT_DISCONNECTED);
            Thread.sleep(1500);
            assertThat(upstream.requests().size()).as("at most the first round, never the tool's follow-up").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aRoundWithoutUsageFiguresIsUnmeteredNotZeroTokens() {
        ObjectNode withoutUsage = text("No usage object.");
        withoutUsage.remove("usage"); // as an OpenAI-compatible server that reports none
        upstream.thenAnswer(withoutUsage);
        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions").then().statusCode(200);
            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.status()).isEqualTo(UsageRecordedEvent.STATUS_OK);
            assertThat(event.rounds()).containsExactly(UsageRecordedEvent.Round.UNKNOWN);
        }
    }

    @Test
    void aPassedThroughStreamIsRecordedWithTheUsageChunkOrWithoutRounds() {
        String clientTools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"mine\",\"parameters\":{\"type\":\"object\"}}}]}";
        upstream.thenAnswer(usage(text("Piped with usage."), 44, 6)).thenAnswer(usage(text("Piped without."), 44, 6));

        try (TopicReader records = new TopicReader(Topics.USAGE_RECORDED)) {
            String piped = given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + clientTools)
                    .post("/v1/chat/completions").then().statusCode(200).extract().asString();
            assertThat(piped).contains("\"prompt_tokens\":44", "[DONE]");
            UsageRecordedEvent event = onlyRecord(records);
            assertThat(event.stream()).isTrue();
            assertThat(event.status()).isEqualTo(UsageRecordedEvent.STATUS_OK);
            assertThat(event.rounds()).containsExactly(new UsageRecordedEvent.Round(44, 6));

            given().auth().oauth2(key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                            + clientTools)
                    .post("/v1/chat/completions").then().statusCode(200);
            var published = records.awaitForKey(org.toString(), 2, Duration.ofSeconds(20));
            assertThat(published).hasSize(2);
            UsageRecordedEvent unmetered = EventJson.read(published.get(1).value(), UsageRecordedEvent.class);
            assertThat(unmetered.status()).isEqualTo(UsageRecordedEvent.STATUS_OK);
            assertThat(unmetered.rounds()).as("no usage chunk: tokens unknown, not 0").isEmpty();
        }
    }

    /** A raw HTTP request on a socket the test closes itself (a client going away). */
    private Socket post(String path, String body) throws Exception {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private UsageRecordedEvent onlyRecord(TopicReader records) {
        var published = records.awaitForKey(org.toString(), 1, Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        UsageRecordedEvent event = EventJson.read(published.get(0).value(), UsageRecordedEvent.class);
        assertThat(event.organizationId()).isEqualTo(org);
        assertThat(event.eventId()).isNotNull();
        assertThat(event.occurredAt()).isNotNull();
        return event;
    }

    private static void assertTimesAddUp(UsageRecordedEvent event) {
        assertThat(event.gatewayMs()).isGreaterThanOrEqualTo(0);
        assertThat(event.upstreamMs()).isGreaterThan(0);
        assertThat(event.totalMs()).isGreaterThanOrEqualTo(event.upstreamMs());
        assertThat(event.totalMs()).isGreaterThanOrEqualTo(event.upstreamMs() + event.toolMs() - 0.2);
        // gatewayMs is what remains (rounding to 0.1 ms on each figure).
        assertThat(event.gatewayMs()).isCloseTo(Math.max(0, event.totalMs() - event.upstreamMs() - event.toolMs()),
                offset(0.25));
    }

    private static ObjectNode usage(ObjectNode answer, long prompt, long completion) {
        answer.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return answer;
    }
}
