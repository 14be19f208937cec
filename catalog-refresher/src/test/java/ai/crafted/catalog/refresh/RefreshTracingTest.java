package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FixtureMcpServer;

/**
 * A requested refresh continues the requester's trace: the request record's consumer span, the
 * {@code catalog refresh} span with the MCP requests under it (the server receives their
 * {@code traceparent}), and the {@code catalog-updated} record the outbox relays later carries a
 * {@code traceparent} naming the refresh span.
 */
@QuarkusTest
class RefreshTracingTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void startServer() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
        vertx.close();
    }

    @Test
    void aRequestedRefreshContinuesTheRequestersTraceUpToTheCatalogItPublishes() {
        UUID organization = UUID.randomUUID();
        UUID integration = UUID.randomUUID();
        String traceId = hex(16);
        TopicWriter.send(Topics.CATALOG_REFRESH_REQUESTED, integration.toString(),
                new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                        organization, integration, 0, "fixture",
                        new McpServerConfig(fixture.url("/mcp"), McpTransport.STREAMABLE_HTTP, null), null),
                Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));

        String[] published;
        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            ConsumerRecord<String, String> record = reader.awaitForKey(integration.toString(), 1, Duration.ofSeconds(40)).get(0);
            assertThat(record.headers().lastHeader("traceparent")).as("traceparent of the relayed catalog").isNotNull();
            published = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII).split("-");
        }
        assertThat(published[1]).isEqualTo(traceId);

        await().atMost(Duration.ofSeconds(20)).until(() -> refresh(traceId).isPresent()
                && !clientSpansUnder(refresh(traceId).get()).isEmpty());
        SpanData refresh = refresh(traceId).orElseThrow();
        SpanData consumed = trace(traceId).stream().filter(s -> s.getSpanId().equals(refresh.getParentSpanId())).findFirst()
                .orElseThrow();
        assertThat(consumed.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(refresh.getAttributes().get(AttributeKey.stringKey("crafted.integration.id"))).isEqualTo(integration.toString());
        assertThat(refresh.getAttributes().get(AttributeKey.stringKey("crafted.refresh.outcome"))).isEqualTo("success");
        assertThat(refresh.getAttributes().get(AttributeKey.longKey("crafted.catalog.tools"))).isEqualTo(1L);
        assertThat(published[2]).as("the catalog was written under the refresh span").isEqualTo(refresh.getSpanId());

        // The listing's requests name HTTP client spans under the refresh (a pooled session's later
        // DELETE belongs to whatever ends the session).
        Set<String> mcpClientSpans = clientSpansUnder(refresh).stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        List<String> received = fixture.requestHeaders().stream().map(h -> h.get("traceparent"))
                .filter(p -> p != null && p.split("-")[1].equals(traceId)).map(p -> p.split("-")[2]).toList();
        assertThat(received).anySatisfy(parent -> assertThat(mcpClientSpans).contains(parent));
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private Optional<SpanData> refresh(String traceId) {
        return trace(traceId).stream().filter(s -> s.getName().equals("catalog refresh")).findFirst();
    }

    private List<SpanData> clientSpansUnder(SpanData parent) {
        return trace(parent.getTraceId()).stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
