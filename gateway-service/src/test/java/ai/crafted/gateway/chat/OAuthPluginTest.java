package ai.crafted.gateway.chat;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static ai.crafted.testsupport.mcp.ScriptedUpstream.toolCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.CredentialStepUpRequestedEvent;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.EventJson;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.Topics;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.mcp.OAuthMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * A plugin behind OAuth: the gateway sends the access token the credential-updated topic
 * carries, and when the server refuses it while the credential needs a reconnect, the tool's
 * result says so (instead of a bare HTTP 401) so the answer can tell the user what to do.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class OAuthPluginTest {

    private static Vertx vertx;
    private static OAuthMcpServer server;

    @Inject
    PluginRegistry plugins;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private final UUID org = UUID.randomUUID();
    private final UUID plugin = UUID.randomUUID();
    private final UUID credential = UUID.randomUUID();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = OAuthMcpServer.start(vertx);
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close();
    }

    @Test
    void aTokenTheServerRefusesWhileTheCredentialNeedsAReconnectIsNamedInTheToolResult() {
        upstream.reset();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        McpServerConfig config = new McpServerConfig(server.endpoint(), McpTransport.STREAMABLE_HTTP, 20_000);
        publishCredential(1, "at-never-issued", "reconnect_needed");
        TopicWriter.send(Topics.INTEGRATION_UPDATED, plugin.toString(),
                SampleEvents.integration(ChangeType.UPDATED, org, plugin, 1, "tracker", config, credential));
        CatalogUpdatedEvent catalog = SampleEvents.catalog(org, plugin, 1,
                ConfigFingerprint.of(config, credential, 1), List.of(GatewayFixtures.tool("whoami", "{\"type\":\"object\"}")));
        TopicWriter.send(Topics.CATALOG_UPDATED, plugin.toString(), catalog);
        GatewayFixtures.policy(SampleEvents.acceptingPolicy(catalog, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> plugins.forOrganization(org).size() == 1);

        int callsBefore = server.toolCalls();
        upstream.thenAnswer(toolCalls("tracker__whoami", "{}")).thenAnswer(text("Please reconnect the tracker."));
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"who am I?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);

        String result = toolMessage(upstream.requests().get(1));
        assertThat(result).contains("OAuth credential needs a reconnect").contains("Credentials").doesNotContain("at-never-issued");
        assertThat(server.toolCalls()).as("the refused call ran nothing").isEqualTo(callsBefore);
    }

    @Test
    void aToolThatNeedsMoreScopeAsksTheCredentialsOwnerForAStepUpOncePerScope() {
        upstream.reset();
        String key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        McpServerConfig config = new McpServerConfig(server.endpoint(), McpTransport.STREAMABLE_HTTP, 20_000);
        String token = server.mintAccessToken("tools:read tools:call");
        publishCredential(1, token, "connected");
        TopicWriter.send(Topics.INTEGRATION_UPDATED, plugin.toString(),
                SampleEvents.integration(ChangeType.UPDATED, org, plugin, 1, "tracker", config, credential));
        CatalogUpdatedEvent catalog = SampleEvents.catalog(org, plugin, 1,
                ConfigFingerprint.of(config, credential, 1), List.of(GatewayFixtures.tool("whoami", "{\"type\":\"object\"}"),
                        GatewayFixtures.tool(OAuthMcpServer.ADMIN_TOOL, "{\"type\":\"object\"}")));
        TopicWriter.send(Topics.CATALOG_UPDATED, plugin.toString(), catalog);
        GatewayFixtures.policy(SampleEvents.acceptingPolicy(catalog, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> plugins.forOrganization(org).size() == 1);

        try (TopicReader requests = new TopicReader(Topics.CREDENTIAL_STEP_UP_REQUESTED)) {
            for (int call = 0; call < 2; call++) {
                upstream.reset();
                upstream.thenAnswer(toolCalls("tracker__" + OAuthMcpServer.ADMIN_TOOL, "{}")).thenAnswer(text("Needs more access."));
                given().header("Authorization", "Bearer " + key).contentType("application/json")
                        .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"close them\"}]}")
                        .post("/v1/chat/completions").then().statusCode(200);
                assertThat(toolMessage(upstream.requests().get(1))).contains("needs more access")
                        .contains("\"" + OAuthMcpServer.ADMIN_SCOPE + "\"").contains("reconnect").doesNotContain(token);
            }
            var published = requests.awaitForKey(credential.toString(), 1, Duration.ofSeconds(20));
            CredentialStepUpRequestedEvent event = EventJson.read(published.get(0).value(), CredentialStepUpRequestedEvent.class);
            assertThat(event.organizationId()).isEqualTo(org);
            assertThat(event.credentialVersion()).isEqualTo(1);
            assertThat(event.scope()).isEqualTo(OAuthMcpServer.ADMIN_SCOPE);
            assertThat(event.integrationId()).isEqualTo(plugin);
            assertThat(event.toolName()).isEqualTo(OAuthMcpServer.ADMIN_TOOL);
            assertThat(published.get(0).value()).doesNotContain(token);
            // The same scope for the same credential version is asked for once.
            upstream.reset();
            upstream.thenAnswer(toolCalls("tracker__whoami", "{}")).thenAnswer(text("ok"));
            given().header("Authorization", "Bearer " + key).contentType("application/json")
                    .body("{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"who?\"}]}")
                    .post("/v1/chat/completions").then().statusCode(200);
            assertThat(toolMessage(upstream.requests().get(1))).startsWith("generation ");
            assertThatThrownBy(() -> requests.awaitForKey(credential.toString(), 2, Duration.ofSeconds(3)))
                    .as("a second request for the same scope").isInstanceOf(AssertionError.class);
        }
    }

    private void publishCredential(long version, String accessToken, String status) {
        var settings = ConfigProvider.getConfig();
        AesGcmKeyring transport = AesGcmKeyring.parse(settings.getValue("credentials.transport.keyring", String.class),
                settings.getValue("credentials.transport.active-key-id", String.class));
        TopicWriter.send(Topics.CREDENTIAL_UPDATED, credential.toString(), new CredentialUpdatedEvent(
                CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), ChangeType.ROTATED, org, credential, version,
                "oauth", "Authorization", transport.seal(accessToken, CredentialUpdatedEvent.associatedData(org, credential)), status));
    }

    private static String toolMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
