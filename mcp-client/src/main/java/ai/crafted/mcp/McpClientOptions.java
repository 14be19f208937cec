package ai.crafted.mcp;

import java.time.Duration;
import java.util.Set;

/**
 * How the MCP client behaves.
 *
 * @param maxResponseBytes    a response (or one SSE stream) larger than this fails with RESPONSE_TOO_LARGE
 * @param allowedPrivateHosts hosts that may resolve to private or loopback addresses (local stack and tests)
 * @param maxPages            upper bound on tools/list pages, against servers that paginate forever
 */
public record McpClientOptions(int maxResponseBytes, Duration connectTimeout, Set<String> allowedPrivateHosts,
        String clientName, String clientVersion, int maxPages) {

    public static McpClientOptions defaults() {
        return new McpClientOptions(4 * 1024 * 1024, Duration.ofSeconds(5), Set.of(), "crafted-ai-gateway", "1.0.0", 100);
    }

    public McpClientOptions withAllowedPrivateHosts(Set<String> hosts) {
        return new McpClientOptions(maxResponseBytes, connectTimeout, hosts, clientName, clientVersion, maxPages);
    }

    public McpClientOptions withConnectTimeout(Duration timeout) {
        return new McpClientOptions(maxResponseBytes, timeout, allowedPrivateHosts, clientName, clientVersion, maxPages);
    }

    public McpClientOptions withMaxResponseBytes(int bytes) {
        return new McpClientOptions(bytes, connectTimeout, allowedPrivateHosts, clientName, clientVersion, maxPages);
    }

}
