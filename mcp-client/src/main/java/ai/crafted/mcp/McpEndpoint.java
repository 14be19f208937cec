package ai.crafted.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One MCP server to talk to.
 *
 * @param timeout per-call timeout (never above {@link McpClientOptions#MAX_TIMEOUT})
 * @param headers auth headers from the integration's credential, sent on every request
 */
public record McpEndpoint(URI url, McpTransport transport, Duration timeout, Map<String, String> headers) {

    @Override
    public String toString() {
        // Headers carry secrets: never print them.
        return "McpEndpoint[" + url + ", " + transport.wireName() + ", " + timeout.toMillis() + " ms]";
    }
}
