package ai.crafted.storeoutage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

class StoreOutageTest {

    @Test
    void anUnreachableDatabaseIsAnOutageInWhateverWrappingItArrives() {
        // The values met when a test closed a database to connections and dropped the open ones.
        assertThat(StoreOutage.is(new PgException("database \"x\" is not currently accepting connections", "FATAL", "55000", null)))
                .isTrue();
        assertThat(StoreOutage.is(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(StoreOutage.is(new CompletionException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(StoreOutage.is(new RuntimeException(new java.net.ConnectException("Connection refused")))).isTrue();
        assertThat(StoreOutage.is(new PgException("the database system is starting up", "FATAL", "57P03", null))).isTrue();
        assertThat(StoreOutage.is(new PgException("connection failure", "FATAL", "08006", null))).isTrue();
        assertThat(StoreOutage.is(new VertxException("Connection refused: /127.0.0.1:5432", true))).isTrue();
        // A backend terminated under load: the socket is reset or closed before the error message arrives.
        assertThat(StoreOutage.is(new java.net.SocketException("Connection reset"))).isTrue();
        assertThat(StoreOutage.is(new CompletionException(new java.net.SocketException("Broken pipe")))).isTrue();
        assertThat(StoreOutage.is(new java.nio.channels.ClosedChannelException())).isTrue();
        assertThat(StoreOutage.is(new PgException("sorry, too many clients already", "FATAL", "53300", null))).isTrue();
    }

    @Test
    void problemsOfTheRecordItselfAreNot() {
        assertThat(StoreOutage.is(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(StoreOutage.is(new PgException("value too long", "ERROR", "22001", null))).isFalse();
        assertThat(StoreOutage.is(new IllegalArgumentException("bad event"))).isFalse();
        assertThat(StoreOutage.is(new NullPointerException())).isFalse();
        // A slow peer times out too; it has retries of its own.
        assertThat(StoreOutage.is(new VertxException("Timeout", true))).isFalse();
        assertThat(StoreOutage.is(new PgException("out of memory", "ERROR", "53200", null))).isFalse();
        assertThat(StoreOutage.is(new java.io.IOException("the request body could not be read"))).isFalse();
    }

    @Test
    void theWorkIsTriedAgainUntilTheDatabaseAnswersAndOtherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        String result = StoreOutage.retried(() -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().<String>failure(ClosedConnectionException.INSTANCE)
                : Uni.createFrom().item("stored"), Duration.ofSeconds(30)).await().atMost(Duration.ofSeconds(30));
        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);

        AtomicInteger once = new AtomicInteger();
        assertThatThrownBy(() -> StoreOutage.retried(() -> {
            once.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("bad record"));
        }, Duration.ofSeconds(30)).await().atMost(Duration.ofSeconds(5))).hasMessage("bad record");
        assertThat(once).hasValue(1);
    }
}
