package ai.crafted.mcp;

import java.time.Duration;

/**
 * How the {@link McpSessionPool} keeps MCP sessions between calls.
 *
 * @param idleTimeout          a session without a call for this long is ended (DELETE); a
 *                             listening session is kept while its stream is open
 * @param maxPerIntegration    most sessions one integration holds at a time; beyond it calls share
 *                             the least busy one
 * @param maxTotal             most sessions the pool holds over all integrations; beyond it the
 *                             least recently used idle session is ended, and with none idle a call
 *                             gets a session of its own that ends with it
 * @param maxCallsPerSession   calls one session carries at once before another is opened (both
 *                             transports multiplex requests over one session; this only spreads
 *                             load over a server's workers)
 * @param listChangedDebounce  notifications/tools/list_changed for one integration within this
 *                             window lead to one refresh, at its end
 * @param listen               whether sessions to servers that declare {@code tools.listChanged}
 *                             open a stream for notifications and stay open while it lasts (the
 *                             catalog refresher; the gateway reads notifications only on the
 *                             streams its calls hold)
 * @param maxListening         most sessions kept open only to listen
 */
public record SessionPoolOptions(Duration idleTimeout, int maxPerIntegration, int maxTotal, int maxCallsPerSession,
        Duration listChangedDebounce, boolean listen, int maxListening) {

    public SessionPoolOptions {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxPerIntegration < 1 || maxTotal < 1 || maxCallsPerSession < 1 || maxListening < 0) {
            throw new IllegalArgumentException("session pool limits must be at least 1 (maxListening at least 0)");
        }
    }

    /** Five minutes idle, 4 per integration, 1,000 in all, 32 calls per session, 2 s debounce, not listening. */
    public static SessionPoolOptions defaults() {
        return new SessionPoolOptions(Duration.ofMinutes(5), 4, 1000, 32, Duration.ofSeconds(2), false, 200);
    }

    public SessionPoolOptions withListening(boolean on, int most) {
        return new SessionPoolOptions(idleTimeout, maxPerIntegration, maxTotal, maxCallsPerSession, listChangedDebounce,
                on, most);
    }
}
