package ai.crafted.whatsapp.webhook;

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
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.input.GeneratedInput;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * Property-based: 10,000 webhook deliveries generated around a valid one by
 * {@link GeneratedInput}, each correctly signed (so they reach the parser, not only the signature
 * check), get no 5xx, every 4xx is a JSON error with a code, and the worker is still ready. A
 * failure names the seed ({@code -Dgenerated-input.seed=…} replays it).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class GeneratedWebhookBodiesTest {

    private static final int BODIES = 10_000;

    @TestHTTPResource("/webhooks/whatsapp/")
    URL webhooks;

    @Inject
    AppRegistry apps;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();

    @Test
    void tenThousandSignedGeneratedDeliveriesGetNo5xxAndTheWorkerStaysReady() throws Exception {
        long seed = GeneratedInput.seed();
        UUID app = UUID.randomUUID();
        String phone = Long.toString(300000000L + (long) (Math.random() * 1e9));
        WhatsAppFixtures.publishApp(UUID.randomUUID(), app, phone, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(app).isPresent());
        String valid = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550000000\","
                + "\"phone_number_id\":\"" + phone + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kim\"}}],"
                + "\"messages\":[{\"from\":\"15557770000\",\"id\":\"wamid.generated\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond() + "\","
                + "\"type\":\"text\",\"text\":{\"body\":\"hello\"}}]}}]}]}";

        List<GeneratedInput.Body> bodies = GeneratedInput.around(valid, BODIES, seed);
        GeneratedInput.Report report = GeneratedInput.send(URI.create(webhooks + app.toString()), "POST",
                body -> Map.of("X-Hub-Signature-256", WebhookSignatures.sign(body.bytes(), WhatsAppFixtures.APP_SECRET)),
                bodies, 8);

        assertThat(report.serverErrors()).as("5xx answers (seed " + seed + ")").isEmpty();
        assertThat(report.shapeErrors()).as("4xx without a JSON error code (seed " + seed + ")").isEmpty();
        assertThat(report.sent()).isEqualTo(BODIES);
        assertThat(report.statuses().keySet()).as("answers " + report.statuses()).contains(200, 400);
        System.out.printf("generated webhook deliveries: %d, answers %s (seed %d)%n", report.sent(),
                new TreeMap<>(report.statuses()), seed);
        given().get("/q/health/ready").then().statusCode(200);
        // The accepted deliveries are being answered through the scripted gateway: let them finish so
        // they cannot use up turns another test scripts.
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> seen.getAndSet(gateway.requests().size()) == gateway.requests().size());
        gateway.reset();
    }
}
