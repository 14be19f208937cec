package ai.crafted.whatsapp.reply;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresDatabaseResource;
import ai.crafted.whatsapp.WhatsAppFixtures;
import ai.crafted.whatsapp.WhatsAppPeers;
import ai.crafted.whatsapp.app.AppRegistry;

/**
 * A WhatsApp reply continues the webhook's trace across Kafka: the webhook POST's server span,
 * the {@code whatsapp-inbound} record's producer span, the reply worker's consumer span (from the
 * record's headers), the {@code whatsapp reply} span, and its HTTP request to the gateway, which
 * receives a {@code traceparent} naming that request's span.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "prefix", value = "whatsapp"))
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(WhatsAppPeers.class)
class ReplyTracingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AppRegistry apps;

    @Inject
    InMemorySpanExporter spans;

    private final ScriptedUpstream gateway = WhatsAppPeers.gateway();
    private final FakeGraphApi graph = WhatsAppPeers.graph();
    private final UUID org = UUID.randomUUID();
    private final UUID appId = UUID.randomUUID();
    private final String phoneNumberId = Long.toString(100000000L + (long) (Math.random() * 1e9));

    @BeforeEach
    void configureApp() {
        gateway.reset();
        spans.reset();
        WhatsAppFixtures.publishApp(org, appId, phoneNumberId, List.of(UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> apps.find(appId).isPresent());
    }

    @Test
    void theReplyToAWebhookMessageContinuesTheWebhooksTraceThroughKafkaToTheGateway() {
        gateway.thenAnswer(text("Your order ships tomorrow."));
        String from = "15550007311"; // a number no other test of the worker uses (they share the fake Graph API)
        String wamid = "wamid.traced-" + UUID.randomUUID();
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550000000\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kim\"}}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\""
                + Instant.now().getEpochSecond() + "\",\"type\":\"text\",\"text\":{\"body\":\"text-marker-51f0\"}}]}}]}]}";
        String traceId = hex(16);
        String callerSpanId = hex(8);

        given().header("X-Hub-Signature-256", WebhookSignatures.sign(body, WhatsAppFixtures.APP_SECRET))
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType("application/json").body(body).post("/webhooks/whatsapp/{app}", appId)
                .then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> graph.sent().stream().anyMatch(s -> s.to().equals(from)));
        await().atMost(Duration.ofSeconds(20)).until(() -> reply(traceId).isPresent()
                && trace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)
                && inbound(trace(traceId), SpanKind.PRODUCER).isPresent()
                && inbound(trace(traceId), SpanKind.CONSUMER).isPresent()
                && !clientSpansUnder(trace(traceId), reply(traceId).get()).isEmpty());
        List<SpanData> trace = trace(traceId);

        SpanData webhook = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(webhook.getParentSpanId()).isEqualTo(callerSpanId);
        SpanData produced = inbound(trace, SpanKind.PRODUCER).orElseThrow();
        assertThat(ancestors(trace, produced)).as("the record is produced within the webhook request").contains(webhook.getSpanId());
        SpanData consumed = inbound(trace, SpanKind.CONSUMER).orElseThrow();
        assertThat(consumed.getParentSpanId()).as("the consumer continues the producer's span from the record's headers")
                .isEqualTo(produced.getSpanId());
        SpanData reply = reply(traceId).orElseThrow();
        assertThat(reply.getParentSpanId()).isEqualTo(consumed.getSpanId());
        assertThat(reply.getAttributes().get(AttributeKey.stringKey("crafted.whatsapp.app.id"))).isEqualTo(appId.toString());
        assertThat(reply.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(wamid);

        // The gateway got the trace: its traceparent names the reply's HTTP client span.
        List<String> replyClientSpans = clientSpansUnder(trace, reply).stream().map(SpanData::getSpanId).toList();
        assertThat(gateway.requestHeaders()).hasSize(1);
        String[] traceparent = gateway.requestHeaders().get(0).get("traceparent").split("-");
        assertThat(traceparent[1]).isEqualTo(traceId);
        assertThat(replyClientSpans).contains(traceparent[2]);

        // Neither the customer's number nor their text.
        assertThat(trace).allSatisfy(span -> assertThat(span.getAttributes().asMap().values().toString())
                .doesNotContain(from).doesNotContain("text-marker-51f0"));
    }

    @Test
    void theWebhookVerificationsTokenIsNotInItsSpan() {
        String traceId = hex(16);
        given().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", WhatsAppFixtures.VERIFY_TOKEN)
                .queryParam("hub.challenge", "challenge-77")
                .get("/webhooks/whatsapp/{app}", appId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> trace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
        SpanData verification = trace(traceId).stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(verification.getAttributes().get(AttributeKey.stringKey("url.query")))
                .as("the parameters' names stay, their values do not")
                .contains("hub.verify_token=REDACTED").doesNotContain("challenge-77");
        assertThat(trace(traceId)).allSatisfy(span -> assertThat(span.getAttributes().asMap().values().toString())
                .doesNotContain(WhatsAppFixtures.VERIFY_TOKEN));
    }

    @Test
    void aWebhookWithoutACallersSampledTraceIsNotRecordedAtRatioZero() {
        // The test profile keeps no new trace (quarkus.otel.traces.sampler.arg=0.0, parent-based ratio sampler).
        UUID untracedApp = UUID.randomUUID(); // a path only this request has
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "whatever")
                .get("/webhooks/whatsapp/{app}", untracedApp).then().statusCode(greaterThanOrEqualTo(400));
        String traceId = hex(16);
        given().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", WhatsAppFixtures.VERIFY_TOKEN)
                .queryParam("hub.challenge", "traced-92")
                .get("/webhooks/whatsapp/{app}", appId).then().statusCode(200);

        // The traced request's span arrives; by then the earlier, untraced one's would have too.
        await().atMost(Duration.ofSeconds(10)).until(() -> !trace(traceId).isEmpty());
        assertThat(spans.getFinishedSpanItems()).as("the request without a sampled traceparent was not recorded")
                .noneSatisfy(span -> assertThat(span.getAttributes().asMap().values().toString())
                        .contains(untracedApp.toString()));
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private Optional<SpanData> reply(String traceId) {
        return trace(traceId).stream().filter(s -> s.getName().equals("whatsapp reply")).findFirst();
    }

    /** The messaging span of this kind on the whatsapp-inbound topic (others, e.g. the conversation view's, are in the trace too). */
    private static Optional<SpanData> inbound(List<SpanData> trace, SpanKind kind) {
        return trace.stream().filter(s -> s.getKind() == kind && s.getName().startsWith("whatsapp-inbound ")).findFirst();
    }

    private static List<SpanData> clientSpansUnder(List<SpanData> trace, SpanData parent) {
        return trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    /** The ids of the span's ancestors within the trace, nearest first. */
    private static List<String> ancestors(List<SpanData> trace, SpanData span) {
        java.util.ArrayList<String> ids = new java.util.ArrayList<>();
        String parent = span.getParentSpanId();
        while (true) {
            String id = parent;
            Optional<SpanData> found = trace.stream().filter(s -> s.getSpanId().equals(id)).findFirst();
            if (found.isEmpty()) {
                return ids;
            }
            ids.add(id);
            parent = found.get().getParentSpanId();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
