package ai.crafted.gateway.chat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.testsupport.mcp.FixtureMcpServer;

import io.vertx.core.Vertx;

/**
 * The setup the chat tests share: our own MCP fixture server for the test class, and per test a
 * fresh organisation with an API key and one plugin {@code fix} on that server, published as the
 * control panel would and awaited until the gateway holds both.
 */
abstract class FixturePluginTest {

    protected static Vertx vertx;
    protected static FixtureMcpServer fixture;

    @Inject
    PluginRegistry plugins;

    @Inject
    ApiKeyRegistry apiKeys;

    protected final UUID org = UUID.randomUUID();
    /** The organisation's API key, set by {@link #organisationWithPlugin}. */
    protected String key;

    @BeforeAll
    static void startFixture() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stopFixture() {
        fixture.close();
        vertx.close();
    }

    /** Publishes an API key and the plugin {@code fix} with these tools (20 s timeout) and waits until the gateway has both. */
    protected void organisationWithPlugin(List<ToolDescriptor> tools) {
        key = GatewayFixtures.apiKey(org, UUID.randomUUID());
        GatewayFixtures.plugin(org, UUID.randomUUID(), "fix", fixture.url("/mcp"), 20_000, tools);
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent()
                && plugins.forOrganization(org).size() == 1);
    }
}
