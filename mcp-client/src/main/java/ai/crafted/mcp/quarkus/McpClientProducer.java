package ai.crafted.mcp.quarkus;

import java.util.Set;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.core.Vertx;

import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpClientOptions;

/** The one {@link McpClient} of a Quarkus service, on the service's Vert.x instance, closed at shutdown. */
public class McpClientProducer {

    @Produces
    @Singleton
    McpClient mcpClient(Vertx vertx, McpClientConfig config) {
        return new McpClient(vertx, McpClientOptions.defaults()
                .withMaxResponseBytes(config.maxResponseBytes())
                .withConnectTimeout(config.connectTimeout())
                .withKeepAlive(config.keepAliveTimeout(), config.idleTimeout())
                .withAllowedPrivateHosts(config.allowedPrivateHosts().orElse(Set.of())));
    }

    void close(@Disposes McpClient client) {
        client.close();
    }
}
