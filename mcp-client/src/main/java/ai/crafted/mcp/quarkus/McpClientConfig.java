package ai.crafted.mcp.quarkus;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The MCP client's settings, the same keys in every service that calls MCP servers (gateway and
 * catalog-refresher): {@code mcp.max-response-bytes}, {@code mcp.connect-timeout},
 * {@code mcp.allowed-private-hosts}.
 */
@ConfigMapping(prefix = "mcp")
public interface McpClientConfig {

    /** A response (or one SSE stream) larger than this fails with RESPONSE_TOO_LARGE; 4 MiB by default. */
    @WithDefault("4194304")
    int maxResponseBytes();

    /** TCP connect timeout to an MCP server. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** A pooled connection idle this long is closed. */
    @WithDefault("PT60S")
    Duration idleTimeout();

    /** Below the 5 s Node.js servers use, so a connection the server is about to close is not reused. */
    @WithDefault("PT3S")
    Duration keepAliveTimeout();

    /**
     * Hosts that may resolve to private or loopback addresses and skip the connect-time SSRF
     * check: the local stack and tests only, empty in production. Env: MCP_ALLOWED_PRIVATE_HOSTS.
     */
    Optional<Set<String>> allowedPrivateHosts();
}
