package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.Vertx;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class CatalogRefreshTest {

    private static Vertx vertx;
    private static FixtureMcpServer fixture;
    private static EverythingServer everything;
    private static EverythingServer everythingSse;

    private final UUID organization = UUID.randomUUID();

    @Inject
    ScheduledRefresh scheduledRefresh;

    @Inject
    CatalogStore store;

    @BeforeAll
    static void startServers() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
        everything = EverythingServer.streamableHttp();
        everythingSse = EverythingServer.sse();
    }

    @AfterAll
    static void stopServers() {
        fixture.close();
        everything.close();
        everythingSse.close();
        vertx.close();
    }

    @Test
    void anInstallRefreshesTheRealServerEverythingCatalog() {
        UUID id = UUID.randomUUID();
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "everything", everything.endpoint()));

        CatalogUpdatedEvent result = awaitResult(id);
        assertThat(result.lastError()).isNull();
        assertThat(result.requestId()).isNull();
        assertThat(result.configFingerprint()).isEqualTo(ConfigFingerprint.of(
                new McpServerConfig(everything.endpoint(), McpTransport.STREAMABLE_HTTP, null), null, -1));
        assertThat(result.catalogVersion()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.tools()).extracting(ToolDescriptor::name).contains("echo");
        // One version hash per tool, in the tools' order, each different (tools differ).
        assertThat(result.toolHashes()).hasSameSizeAs(result.tools()).allMatch(h -> h.matches("sha256:[0-9a-f]{64}"))
                .doesNotHaveDuplicates();
        assertThat(result.tools()).allSatisfy(t -> assertThat(t.inputSchema().path("type").asText()).isEqualTo("object"));
    }

    @Test
    void aRequestOverLegacySseIsAnsweredWithItsRequestId() {
        UUID id = UUID.randomUUID();
        UUID requestId = request(id, everythingSse.endpoint(), "http-sse", null, null);

        CatalogUpdatedEvent result = awaitResult(id);
        assertThat(result.requestId()).isEqualTo(requestId);
        assertThat(result.tools()).extracting(ToolDescriptor::name).contains("echo");
    }

    @Test
    void followsEveryPageAndSeesToolsChangeBetweenRefreshes() {
        fixture.setTools(List.of(FixtureMcpServer.tool("a", "A"), FixtureMcpServer.tool("b", "B"),
                FixtureMcpServer.tool("c", "C"), FixtureMcpServer.tool("d", "D"), FixtureMcpServer.tool("e", "E")));
        UUID id = UUID.randomUUID();
        request(id, fixture.url("/paged"), "streamable-http", null, null);
        assertThat(awaitResult(id).tools()).extracting(ToolDescriptor::name).containsExactly("a", "b", "c", "d", "e");

        fixture.setTools(List.of());
        UUID second = request(id, fixture.url("/paged"), "streamable-http", null, null);
        CatalogUpdatedEvent empty = awaitResults(id, 2).get(1);
        assertThat(empty.requestId()).isEqualTo(second);
        assertThat(empty.lastError()).isNull();
        assertThat(empty.tools()).isEmpty();
        assertThat(empty.catalogVersion()).isNotEqualTo(awaitResults(id, 2).get(0).catalogVersion());
        fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID.")));
    }

    @Test
    void failuresBecomeReadableErrors() {
        assertError(fixture.url("/unauthorized"), null, "MCP server answered HTTP 401");
        assertError(fixture.url("/slow"), 500, "timed out after 500 ms");
        assertError("http://127.0.0.1:9/mcp", null, "connection refused");
        assertError(fixture.url("/malformed"), null, "malformed JSON");
        assertError(fixture.url("/huge"), null, "size limit");
    }

    @Test
    void aServerThatEchoesTheCredentialInItsErrorHasItRedactedBeforeTheErrorIsStoredOrPublished() {
        UUID credential = UUID.randomUUID();
        String secret = "echoed-secret-" + UUID.randomUUID();
        publishCredential(credential, 0, secret);
        UUID id = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig(fixture.url("/echoes-credential"), McpTransport.STREAMABLE_HTTP, null);
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "echoing", config, credential));

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            List<CatalogUpdatedEvent> results = awaitResults(id, 1);
            assertThat(results.get(results.size() - 1).lastError()).contains("rejected credential '[redacted]'");
        });
        assertThat(lastAuthorization()).as("the secret was sent").isEqualTo("Bearer " + secret);
        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            assertThat(reader.awaitForKey(id.toString(), 1, Duration.ofSeconds(20)).toString()).doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(TestDatabase.query("select last_error from refresh_targets where integration_id = ?", id).toString())
                .contains("[redacted]").doesNotContain(secret);
    }

    @Test
    void sendsTheCredentialAndUsesARotatedSecretRightAway() {
        UUID credential = UUID.randomUUID();
        publishCredential(credential, 0, "first-secret");
        UUID id = UUID.randomUUID();
        request(id, fixture.url("/mcp"), "streamable-http", null, credential);
        assertThat(awaitResult(id).lastError()).isNull();
        assertThat(lastAuthorization()).isEqualTo("Bearer first-secret");

        publishCredential(credential, 1, "rotated-secret");
        // The rotation travels on its own topic: retry until the vault has it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            int before = awaitResults(id, 1).size();
            request(id, fixture.url("/mcp"), "streamable-http", null, credential);
            awaitResults(id, before + 1);
            assertThat(lastAuthorization()).isEqualTo("Bearer rotated-secret");
        });
    }

    @Test
    void aRotationListsTheCatalogAgainWithTheNewSecretAndStampsTheNewCredentialVersion() {
        UUID credential = UUID.randomUUID();
        publishCredential(credential, 0, "before-rotation");
        UUID id = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig(fixture.url("/mcp"), McpTransport.STREAMABLE_HTTP, null);
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "rotating", config, credential));
        assertThat(awaitResult(id).configFingerprint()).isEqualTo(ConfigFingerprint.of(config, credential, 0));

        publishCredential(credential, 1, "after-rotation");

        // Nobody asks: the rotation itself lists the catalog again, under the new fingerprint.
        CatalogUpdatedEvent relisted = awaitResults(id, 2).get(1);
        assertThat(relisted.configFingerprint()).isEqualTo(ConfigFingerprint.of(config, credential, 1));
        assertThat(relisted.tools()).extracting(ToolDescriptor::name).contains("lookup_customer");
        assertThat(lastAuthorization()).isEqualTo("Bearer after-rotation");
    }

    /**
     * Two refreshers hear of a rotation at different moments: once the other instance listed the
     * catalog with version 1, this one, still holding version 0, neither finds it rotated (it
     * would list it again with the old secret) nor stores a listing it made with version 0.
     */
    @Test
    void anInstanceThatHasNotHeardOfARotationYetNeitherListsNorStoresWithTheOldSecret() throws Throwable {
        UUID credential = UUID.randomUUID();
        publishCredential(credential, 0, "held-here");
        UUID id = UUID.randomUUID();
        McpServerConfig config = new McpServerConfig(fixture.url("/mcp"), McpTransport.STREAMABLE_HTTP, null);
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "rotated-elsewhere", config, credential));
        assertThat(awaitResult(id).configFingerprint()).isEqualTo(ConfigFingerprint.of(config, credential, 0));
        String listedElsewhere = ConfigFingerprint.of(config, credential, 1);
        TestDatabase.update("update refresh_targets set catalog_fingerprint = ?, catalog_credential_version = 1"
                + " where integration_id = ?", listedElsewhere, id);

        assertThat(VertxContextSupport.subscribeAndAwait(() -> scheduledRefresh.dueTargets()))
                .extracting(RefreshTarget::integrationId).doesNotContain(id);
        RefreshOutcome behind = new RefreshOutcome(ConfigFingerprint.of(config, credential, 0), 0L, Instant.now(), null,
                "the old secret was refused", "http_status");
        VertxContextSupport.subscribeAndAwait(() -> store.record(new RefreshTarget(organization, id, config, credential), behind, null));
        Map<String, Object> row = TestDatabase.query("select * from refresh_targets where integration_id = ?", id).get(0);
        assertThat(row.get("catalog_fingerprint")).isEqualTo(listedElsewhere);
        assertThat(row.get("catalog_credential_version")).isEqualTo(1L);
        assertThat(row.get("last_error")).isNull();
    }

    @Test
    void aConfigurationChangeStartsWithoutTheOldCatalogAndALateResultForTheOldOneIsDropped() {
        UUID id = UUID.randomUUID();
        McpServerConfig slow = new McpServerConfig(fixture.url("/slow"), McpTransport.STREAMABLE_HTTP, 3_000);
        McpServerConfig broken = new McpServerConfig("http://127.0.0.1:9/mcp", McpTransport.STREAMABLE_HTTP, null);
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "moving", slow, null));
        // While the slow listing runs, the endpoint changes to one that fails at once.
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.UPDATED, organization, id, 1, "moving", broken, null));

        CatalogUpdatedEvent failed = awaitResult(id);
        assertThat(failed.configFingerprint()).isEqualTo(ConfigFingerprint.of(broken, null, -1));
        assertThat(failed.lastError()).contains("connection refused");
        assertThat(failed.tools()).isNull();
        // The slow listing of the old endpoint times out after 3 s: its outcome is not published.
        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            assertThatThrownBy(
                    () -> reader.awaitForKey(id.toString(), 2, Duration.ofSeconds(6))).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aDeletedIntegrationLeavesATombstone() {
        UUID id = UUID.randomUUID();
        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "gone", fixture.url("/mcp")));
        awaitResult(id);

        TopicWriter.send(Topics.INTEGRATION_UPDATED, id.toString(),
                SampleEvents.integration(ChangeType.DELETED, organization, id, 1, "gone", (String) null));

        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            assertThat(reader.awaitForKey(id.toString(), 2, Duration.ofSeconds(20)).get(1).value()).isNull();
        }
    }

    private void assertError(String endpoint, Integer timeoutMs, String message) {
        UUID id = UUID.randomUUID();
        request(id, endpoint, "streamable-http", timeoutMs, null);
        CatalogUpdatedEvent result = awaitResult(id);
        assertThat(result.lastError()).as(endpoint).contains(message);
        assertThat(result.tools()).isNull();
        assertThat(result.catalogVersion()).isNull();
    }

    private UUID request(UUID integrationId, String endpoint, String transport, Integer timeoutMs, UUID credentialId) {
        UUID requestId = UUID.randomUUID();
        TopicWriter.send(Topics.CATALOG_REFRESH_REQUESTED, integrationId.toString(),
                new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, requestId, Instant.now(),
                        organization, integrationId, 0, "fixture",
                        new McpServerConfig(endpoint, McpTransport.fromWire(transport), timeoutMs), credentialId));
        return requestId;
    }

    private void publishCredential(UUID credentialId, long version, String secret) {
        var config = ConfigProvider.getConfig();
        AesGcmKeyring keyring = AesGcmKeyring.parse(config.getValue("credentials.transport.keyring", String.class),
                config.getValue("credentials.transport.active-key-id", String.class));
        TopicWriter.send(Topics.CREDENTIAL_UPDATED, credentialId.toString(), new CredentialUpdatedEvent(
                CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                version == 0 ? ChangeType.CREATED : ChangeType.ROTATED, organization, credentialId, version, "bearer",
                "Authorization", keyring.seal(secret, CredentialUpdatedEvent.associatedData(organization, credentialId)), null));
    }

    private static String lastAuthorization() {
        var headers = fixture.requestHeaders();
        return headers.get(headers.size() - 1).get("Authorization");
    }

    private static CatalogUpdatedEvent awaitResult(UUID integrationId) {
        return awaitResults(integrationId, 1).get(0);
    }

    private static List<CatalogUpdatedEvent> awaitResults(UUID integrationId, int count) {
        try (TopicReader reader = new TopicReader(Topics.CATALOG_UPDATED)) {
            return reader.awaitForKey(integrationId.toString(), count, Duration.ofSeconds(40)).stream()
                    .map(r -> EventJson.read(r.value(), CatalogUpdatedEvent.class)).toList();
        }
    }
}
