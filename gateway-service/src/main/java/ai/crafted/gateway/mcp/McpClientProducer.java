package ai.crafted.gateway.mcp;

import java.util.Set;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.core.Vertx;

import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpClientOptions;

public class McpClientProducer {

    @Produces
    @Singleton
    McpClient mcpClient(Vertx vertx, GatewayConfig config) {
        return new McpClient(vertx, McpClientOptions.defaults()
                .withMaxResponseBytes(config.mcp().maxResponseBytes())
                .withAllowedPrivateHosts(config.mcp().allowedPrivateHosts().orElse(Set.of())));
    }

    void close(@Disposes McpClient client) {
        client.close();
    }
}
