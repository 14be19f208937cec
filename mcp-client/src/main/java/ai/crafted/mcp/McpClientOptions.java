package ai.crafted.mcp;

import java.time.Duration;
import java.util.Set;

/**
 * How the MCP client behaves.
 *
 * @param maxResponseBytes    a response (or one SSE stream) larger than this fails with RESPONSE_TOO_LARGE
 * @param connectTimeout      TCP connect timeout
 * @param keepAliveTimeout    how long a pooled connection may wait for reuse; below the 5 s of
 *                            Node.js servers, so a connection the server is closing is not reused
 * @param idleTimeout         a connection without traffic this long is closed
 * @param allowedPrivateHosts hosts that may resolve to private or loopback addresses (local stack and tests)
 * @param maxPages            upper bound on tools/list pages, against servers that paginate forever
 * @param sessions            how MCP sessions are kept between calls
 */
public record McpClientOptions(int maxResponseBytes, Duration connectTimeout, Duration keepAliveTimeout,
        Duration idleTimeout, Set<String> allowedPrivateHosts, String clientName, String clientVersion, int maxPages,
        SessionPoolOptions sessions) {

    public static McpClientOptions defaults() {
        return new McpClientOptions(4 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(60),
                Set.of(), "crafted-ai-gateway", "1.0.0", 100, SessionPoolOptions.defaults());
    }

    public McpClientOptions withSessions(SessionPoolOptions pool) {
        return new McpClientOptions(maxResponseBytes, connectTimeout, keepAliveTimeout, idleTimeout, allowedPrivateHosts,
                clientName, clientVersion, maxPages, pool);
    }

    public McpClientOptions withAllowedPrivateHosts(Set<String> hosts) {
        return new McpClientOptions(maxResponseBytes, connectTimeout, keepAliveTimeout, idleTimeout, hosts, clientName,
                clientVersion, maxPages, sessions);
    }

    public McpClientOptions withConnectTimeout(Duration timeout) {
        return new McpClientOptions(maxResponseBytes, timeout, keepAliveTimeout, idleTimeout, allowedPrivateHosts,
                clientName, clientVersion, maxPages, sessions);
    }

    public McpClientOptions withKeepAlive(Duration keepAlive, Duration idle) {
        return new McpClientOptions(maxResponseBytes, connectTimeout, keepAlive, idle, allowedPrivateHosts, clientName,
                clientVersion, maxPages, sessions);
    }

    public McpClientOptions withMaxResponseBytes(int bytes) {
        return new McpClientOptions(bytes, connectTimeout, keepAliveTimeout, idleTimeout, allowedPrivateHosts,
                clientName, clientVersion, maxPages, sessions);
    }
}
