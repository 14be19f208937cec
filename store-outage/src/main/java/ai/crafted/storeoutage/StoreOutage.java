package ai.crafted.storeoutage;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Whether a failure means the worker's database could not be reached (rather than a problem of
 * the message): PostgreSQL restarting or refusing connections, a dropped connection. A timeout is
 * not one (a slow model or Graph API times out too, and has its own retries). Such a failure is worth waiting out; a message must not go to the
 * dead-letter topic for it. SQLSTATEs from PostgreSQL's appendix "PostgreSQL Error Codes":
 * class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now, 55000 object_not_in_prerequisite_state (the database does not accept
 * connections right now), 53300 too_many_connections. Below SQL, a socket the server reset or
 * closed ({@link SocketException}: "Connection reset", "Broken pipe"; {@link ClosedChannelException})
 * is one too: which of those a terminated backend produces depends on timing and load.
 */
public final class StoreOutage {

    /** How long a consumer waits out an outage before its record goes to the dead-letter topic. */
    public static final Duration CONSUMER_LIMIT = Duration.ofMinutes(2);

    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "55000", "53300");

    private StoreOutage() {
    }

    /**
     * The work, tried again with backoff (0.5 s doubling to 10 s) while it fails because the
     * database cannot be reached, for at most {@code limit}; any other failure, or the outage
     * outlasting the limit, fails the returned Uni as the work did. The work must be idempotent.
     */
    public static <T> Uni<T> retried(Supplier<Uni<T>> work, Duration limit) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(StoreOutage::is).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
                .expireIn(limit.toMillis());
    }

    /** True when the failure, or one of its causes, says the database could not be reached. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || STATES.contains(pg.getSqlState()))) {
                return true;
            }
            if (t instanceof ClosedConnectionException || t instanceof SocketException || t instanceof ClosedChannelException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t instanceof VertxException && t.getMessage() != null
                    && t.getMessage().contains("Connection refused")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
