package ai.crafted.integrations.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.tracing.TracedWork;

/**
 * Ends web UI sessions on the server. The session is an encrypted cookie (no server state), so
 * signing out alone would leave a copied cookie valid until its tokens expire; a signed-out
 * session is recorded (SHA-256 of its subject, issue time and token id) until then, and every UI
 * request of it is sent to sign in again. Shared by all replicas through the database.
 */
@ApplicationScoped
public class UiSessions {

    private static final Logger LOG = Logger.getLogger(UiSessions.class);

    private final Pool pool;
    private final Vertx vertx;

    public UiSessions(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Records that the session with this marker has ended; it stays refused until {@code expiresAt}. */
    public Uni<Void> signOut(String sessionMarker, Instant expiresAt) {
        return pool.preparedQuery("insert into ui_signed_out_sessions (session_hash, expires_at) values ($1, $2)"
                + " on conflict (session_hash) do nothing")
                .execute(Tuple.of(hash(sessionMarker), expiresAt.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Boolean> isSignedOut(String sessionMarker) {
        return pool.preparedQuery("select 1 from ui_signed_out_sessions where session_hash = $1")
                .execute(Tuple.of(hash(sessionMarker))).map(rows -> rows.size() > 0);
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return TracedWork.untraced(vertx, () -> pool.query("delete from ui_signed_out_sessions where expires_at < now()").execute())
                .onFailure().invoke(e -> LOG.warnf("could not forget expired UI sessions: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static String hash(String marker) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(marker.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
