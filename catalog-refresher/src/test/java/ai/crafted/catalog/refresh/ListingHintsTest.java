package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.Vertx;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.NpmMcpServer;

/**
 * What a listing says about itself: the protocol version goes out on catalog-updated, and a
 * 2026-07-28 server's {@code ttlMs} decides when the scheduler lists it again (the test profile
 * lowers {@code catalog.refresh.max-ttl} to 3 s, so the SDK server's 120 s become 3 s), while a
 * server without a TTL waits for {@code max-age} (1 h).
 */
@QuarkusTest
class ListingHintsTest {

    private static Vertx vertx;
    private static FixtureMcpServer fixture;
    private static NpmMcpServer modern;

    @Inject
    ScheduledRefresh scheduled;

    private final UUID organization = UUID.randomUUID();

    @BeforeAll
    static void startServers() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
        modern = NpmMcpServer.sdk("mcp-handler", false);
    }

    @AfterAll
    static void stopServers() {
        fixture.close();
        modern.close();
        vertx.close();
    }

    @Test
    void theProtocolIsPublishedAndAServersTtlDecidesWhenItIsListedAgain() throws Throwable {
        UUID withTtl = UUID.randomUUID();
        UUID withoutTtl = UUID.randomUUID();
        request(withTtl, modern.endpoint());
        request(withoutTtl, fixture.url("/mcp"));
        assertThat(awaitResult(withTtl).protocolVersion()).isEqualTo("2026-07-28");
        assertThat(awaitResult(withoutTtl).protocolVersion()).isEqualTo("2025-11-25");

        assertThat(due()).doesNotContain(withTtl, withoutTtl);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(due()).contains(withTtl));
        assertThat(due()).doesNotContain(withoutTtl);
    }

    private List<UUID> due() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> scheduled.dueTargets())
                .stream().map(RefreshTarget::integrationId).toList();
    }

    private void request(UUID integrationId, String endpoint) {
        TopicWriter.send(Topics.CATALOG_REFRESH_REQUESTED, integrationId.toString(),
                new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                        organization, integrationId, 0, "hints", new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, null),
                        null));
    }

    private static CatalogUpdatedEvent awaitResult(UUID integrationId) {
        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            return EventJson.read(reader.awaitForKey(integrationId.toString(), 1, Duration.ofSeconds(40)).get(0).value(),
                    CatalogUpdatedEvent.class);
        }
    }
}
