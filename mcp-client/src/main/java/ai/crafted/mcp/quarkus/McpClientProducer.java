package ai.crafted.mcp.quarkus;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.McpSessionPool;
import ai.crafted.mcp.SessionPoolOptions;

/**
 * The one {@link McpClient} of a Quarkus service, on the service's Vert.x instance, closed at
 * shutdown (which ends its pooled sessions), with gauges of its session pool when the service
 * has Micrometer: {@code mcp.sessions.open} and {@code mcp.sessions.listening}.
 */
public class McpClientProducer {

    @Produces
    @Singleton
    McpClient mcpClient(Vertx vertx, McpClientConfig config) {
        return new McpClient(vertx, McpClientOptions.defaults()
                .withMaxResponseBytes(config.maxResponseBytes())
                .withConnectTimeout(config.connectTimeout())
                .withKeepAlive(config.keepAliveTimeout(), config.idleTimeout())
                .withAllowedPrivateHosts(config.allowedPrivateHosts().orElse(Set.of()))
                .withSessions(new SessionPoolOptions(config.sessions().idleTimeout(), config.sessions().maxPerIntegration(),
                        config.sessions().maxTotal(), config.sessions().maxCallsPerSession(),
                        config.sessions().listChangedDebounce(), config.sessions().listen(),
                        config.sessions().maxListening())));
    }

    void gauges(@Observes StartupEvent start, McpClient client, Instance<MeterRegistry> meters) {
        if (meters.isResolvable()) {
            MeterRegistry registry = meters.get();
            Gauge.builder("mcp.sessions.open", client.sessions(), McpSessionPool::size)
                    .description("MCP sessions kept between calls").register(registry);
            Gauge.builder("mcp.sessions.listening", client.sessions(), McpSessionPool::listening)
                    .description("MCP sessions kept open for notifications").register(registry);
        }
    }

    void close(@Disposes McpClient client) {
        client.close();
    }
}
