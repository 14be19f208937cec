package ai.crafted.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;

/**
 * One MCP server to talk to.
 *
 * @param timeout per-call timeout (never above {@link McpServerConfig#MAX_TIMEOUT_MS})
 * @param headers auth headers from the integration's credential, sent on every request
 */
public record McpEndpoint(URI url, McpTransport transport, Duration timeout, Map<String, String> headers) {

    /** The endpoint an integration's configuration (as carried on its events) describes. */
    public static McpEndpoint of(McpServerConfig config, Map<String, String> headers) {
        return new McpEndpoint(URI.create(config.endpoint()), config.transport(), config.timeout(), headers);
    }

    @Override
    public String toString() {
        // Headers carry secrets: never print them.
        return "McpEndpoint[" + url + ", " + transport.wireName() + ", " + timeout.toMillis() + " ms]";
    }
}
