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
 * @param owner   the integration this endpoint belongs to (its id), or null: sessions are pooled
 *                per owner and endpoint, {@link McpClient#retire} ends an owner's sessions, and
 *                {@code notifications/tools/list_changed} is reported for the owner
 */
public record McpEndpoint(URI url, McpTransport transport, Duration timeout, Map<String, String> headers, String owner) {

    /** An endpoint that belongs to no integration (probes, tests). */
    public McpEndpoint(URI url, McpTransport transport, Duration timeout, Map<String, String> headers) {
        this(url, transport, timeout, headers, null);
    }

    /** The endpoint an integration's configuration (as carried on its events) describes. */
    public static McpEndpoint of(McpServerConfig config, Map<String, String> headers, String owner) {
        return new McpEndpoint(URI.create(config.endpoint()), config.transport(), config.timeout(), headers, owner);
    }

    @Override
    public String toString() {
        // Headers carry secrets: never print them.
        return "McpEndpoint[" + url + ", " + transport.wireName() + ", " + timeout.toMillis() + " ms"
                + (owner == null ? "" : ", " + owner) + "]";
    }
}
