package ai.crafted.gateway.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.testsupport.input.GeneratedInput;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * Property-based: 10,000 chat completion bodies generated around a valid one by
 * {@link GeneratedInput} get no 5xx from the gateway, every 4xx is an OpenAI-shaped error with a
 * code, and the gateway is still ready. A failure names the seed
 * ({@code -Dgenerated-input.seed=…} replays it).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class GeneratedChatBodiesTest {

    private static final int BODIES = 10_000;
    private static final String VALID = """
            {"model":"gpt-test","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],
             "stream":false,"temperature":0.5,"max_tokens":50,"plugins":[]}""";

    @TestHTTPResource("/v1/chat/completions")
    URL completions;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();

    @Test
    void tenThousandGeneratedChatBodiesGetNo5xxAndTheGatewayStaysReady() throws Exception {
        long seed = GeneratedInput.seed();
        String key = GatewayFixtures.apiKey(UUID.randomUUID(), UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent());
        List<GeneratedInput.Body> bodies = GeneratedInput.around(VALID, BODIES, seed);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;
        // In batches: the scripted upstream keeps what it receives until it is reset.
        for (int from = 0; from < bodies.size(); from += 1000) {
            upstream.reset();
            GeneratedInput.Report report = GeneratedInput.send(completions.toURI(), "POST",
                    Map.of("Authorization", "Bearer " + key), bodies.subList(from, Math.min(from + 1000, bodies.size())), 8);
            assertThat(report.serverErrors()).as("5xx answers (seed " + seed + ")").isEmpty();
            assertThat(report.shapeErrors()).as("4xx without an OpenAI error code (seed " + seed + ")").isEmpty();
            sent += report.sent();
            report.statuses().forEach((status, n) -> statuses.merge(status, n, Integer::sum));
        }
        upstream.reset();
        assertThat(sent).isEqualTo(BODIES);
        assertThat(statuses.keySet()).as("answers " + statuses).contains(200, 400);
        System.out.printf("generated chat bodies: %d, answers %s (seed %d)%n", sent, statuses, seed);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
