package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.CatalogRefreshedEvent;
import ai.crafted.events.ChangeType;
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

@QuarkusTest
class CatalogRefreshTest {

    private static Vertx vertx;
    private static FixtureMcpServer fixture;
    private static EverythingServer everything;
    private static EverythingServer everythingSse;

    private final UUID organization = UUID.randomUUID();

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
                SampleEvents.integration(ChangeType.CREATED, organization, id, 0, "everything", everything.endpoint(), List.of()));

        CatalogRefreshedEvent result = awaitResult(id);
        assertThat(result.error()).isNull();
        assertThat(result.requestId()).isNull();
        assertThat(result.tools()).extracting(ToolDescriptor::name).contains("echo");
        assertThat(result.tools()).allSatisfy(t -> assertThat(t.inputSchema().path("type").asText()).isEqualTo("object"));
    }

    @Test
    void aRequestOverLegacySseIsAnsweredWithItsRequestId() {
        UUID id = UUID.randomUUID();
        UUID requestId = request(id, everythingSse.endpoint(), "http-sse", null, null);

        CatalogRefreshedEvent result = awaitResult(id);
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
        CatalogRefreshedEvent empty = awaitResults(id, 2).get(1);
        assertThat(empty.requestId()).isEqualTo(second);
        assertThat(empty.succeeded()).isTrue();
        assertThat(empty.tools()).isEmpty();
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
    void sendsTheCredentialAndUsesARotatedSecretRightAway() {
        UUID credential = UUID.randomUUID();
        publishCredential(credential, 0, "first-secret");
        UUID id = UUID.randomUUID();
        request(id, fixture.url("/mcp"), "streamable-http", null, credential);
        assertThat(awaitResult(id).succeeded()).isTrue();
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

    private void assertError(String endpoint, Integer timeoutMs, String message) {
        UUID id = UUID.randomUUID();
        request(id, endpoint, "streamable-http", timeoutMs, null);
        CatalogRefreshedEvent result = awaitResult(id);
        assertThat(result.succeeded()).as(endpoint).isFalse();
        assertThat(result.tools()).isNull();
        assertThat(result.error()).as(endpoint).contains(message);
    }

    private UUID request(UUID integrationId, String endpoint, String transport, Integer timeoutMs, UUID credentialId) {
        UUID requestId = UUID.randomUUID();
        TopicWriter.send(Topics.CATALOG_REFRESH_REQUESTED, integrationId.toString(),
                new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, requestId, Instant.now(),
                        organization, integrationId, "fixture", new McpServerConfig(endpoint, McpTransport.fromWire(transport), timeoutMs), credentialId));
        return requestId;
    }

    private void publishCredential(UUID credentialId, long version, String secret) {
        var config = ConfigProvider.getConfig();
        AesGcmKeyring keyring = AesGcmKeyring.parse(config.getValue("credentials.transport.keyring", String.class),
                config.getValue("credentials.transport.active-key-id", String.class));
        TopicWriter.send(Topics.CREDENTIAL_UPDATED, credentialId.toString(), new CredentialUpdatedEvent(
                CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                version == 0 ? ChangeType.CREATED : ChangeType.ROTATED, organization, credentialId, version, "bearer",
                "Authorization", keyring.seal(secret, CredentialUpdatedEvent.associatedData(organization, credentialId))));
    }

    private static String lastAuthorization() {
        var headers = fixture.requestHeaders();
        return headers.get(headers.size() - 1).get("Authorization");
    }

    private static CatalogRefreshedEvent awaitResult(UUID integrationId) {
        return awaitResults(integrationId, 1).get(0);
    }

    private static List<CatalogRefreshedEvent> awaitResults(UUID integrationId, int count) {
        try (TopicReader reader = new TopicReader(Topics.CATALOG_REFRESHED)) {
            return reader.awaitForKey(integrationId.toString(), count, Duration.ofSeconds(40)).stream()
                    .map(r -> EventJson.read(r.value(), CatalogRefreshedEvent.class)).toList();
        }
    }
}
