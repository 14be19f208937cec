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

    /** How MCP sessions are kept between calls ({@code mcp.sessions.*}); see {@link ai.crafted.mcp.SessionPoolOptions}. */
    Sessions sessions();

    interface Sessions {

        /** A session without a call for this long is ended (DELETE); listening sessions stay while their stream lasts. */
        @WithDefault("PT5M")
        Duration idleTimeout();

        /** Most sessions one integration holds; beyond it calls share the least busy one. */
        @WithDefault("4")
        int maxPerIntegration();

        /** Most sessions over all integrations; beyond it the least recently used idle one is ended. */
        @WithDefault("1000")
        int maxTotal();

        /** Calls one session carries at once before another session is opened. */
        @WithDefault("32")
        int maxCallsPerSession();

        /** notifications/tools/list_changed for one integration within this window lead to one refresh. */
        @WithDefault("PT2S")
        Duration listChangedDebounce();

        /**
         * Whether sessions to servers that declare tools.listChanged open a notification stream and
         * stay open while it lasts (the catalog refresher sets it).
         */
        @WithDefault("false")
        boolean listen();

        /** Most sessions kept open only to listen. */
        @WithDefault("200")
        int maxListening();
    }
}
