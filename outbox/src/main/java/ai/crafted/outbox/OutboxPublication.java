package ai.crafted.outbox;

import java.time.Duration;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Read-your-writes across services: a request that wrote outbox events can wait, before it
 * answers, until Kafka has acknowledged them. Together with the readers' own wait for their views
 * to reach the topics' end (replayed-view's {@code ReadYourWrites}), whatever a client does after
 * the answer sees the write: a new API key works on its first request, a chat after an install
 * or a PATCH uses that configuration.
 *
 * <p>{@link Outbox} notes the highest event id written on the request's Vert.x (duplicated)
 * context; {@link #writtenInThisRequest()} reads it back. {@link #awaitPublished(long)} completes
 * when this instance's relay publishes the event or, when another instance holds the relay's
 * lock, when the table shows it published (checked every {@value #POLL_MS} ms). Bounded by
 * {@code outbox.await-published} (default 5 s: the producer's own send timeout): the answer then
 * goes out anyway, and the event follows when the broker is back (counted in
 * {@code outbox.await_published{outcome=published|timed_out}}).
 */
@ApplicationScoped
public class OutboxPublication {

    static final long POLL_MS = 50;
    private static final String WRITTEN = OutboxPublication.class.getName() + ".written";

    private final OutboxRelay relay;
    private final Pool pool;
    private final OutboxConfig config;
    private final MeterRegistry meters;

    public OutboxPublication(OutboxRelay relay, Pool pool, OutboxConfig config, MeterRegistry meters) {
        this.relay = relay;
        this.pool = pool;
        this.config = config;
        this.meters = meters;
    }

    /** Called by {@link Outbox} for each row it inserts; does nothing outside a request's duplicated context. */
    static void written(Long id) {
        if (id == null) {
            return;
        }
        try {
            Long before = ContextLocals.<Long>get(WRITTEN).orElse(null);
            if (before == null || before < id) {
                ContextLocals.put(WRITTEN, id);
            }
        } catch (UnsupportedOperationException | IllegalStateException notOnADuplicatedContext) {
            // A scheduled job or a Kafka consumer: no request is waiting for it.
        }
    }

    /** The highest outbox event id written while handling the current request, if any. */
    public static OptionalLong writtenInThisRequest() {
        try {
            return ContextLocals.<Long>get(WRITTEN).map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (UnsupportedOperationException | IllegalStateException notOnADuplicatedContext) {
            return OptionalLong.empty();
        }
    }

    /**
     * Completes with true once Kafka acknowledged the event with this id (and every earlier one of
     * the same writer, since the relay publishes in order), with false after the bound. Never fails.
     */
    public Uni<Boolean> awaitPublished(long id) {
        Duration max = config.awaitPublished();
        relay.publishSoon();
        Uni<Void> local = Uni.createFrom().completionStage(relay.published(id));
        Uni<Void> polled = isPublished(id).chain(published -> published
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new IllegalStateException("not yet")))
                .onFailure().retry().withBackOff(Duration.ofMillis(POLL_MS), Duration.ofMillis(POLL_MS)).indefinitely();
        return Uni.combine().any().of(local, polled)
                .onItem().transform(ignored -> true)
                .ifNoItem().after(max).recoverWithItem(false)
                .invoke(published -> meters.counter("outbox.await_published", "outcome", published ? "published" : "timed_out")
                        .increment())
                .onTermination().invoke(() -> relay.forget(id));
    }

    private Uni<Boolean> isPublished(long id) {
        return pool.preparedQuery("select published_at is not null from outbox_events where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> !rows.iterator().hasNext() || rows.iterator().next().getBoolean(0));
    }
}
