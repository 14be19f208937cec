package ai.crafted.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.tracing.TracedWork;

/**
 * Publishes committed outbox rows to Kafka in commit order. A PostgreSQL advisory lock makes one
 * instance the publisher at a time, so per-key order holds with several replicas. A row is
 * marked published only after the broker acknowledged it; when Kafka is down the rows wait and
 * the next round sends them (at-least-once: consumers deduplicate on the event id or version).
 *
 * <p>A round starts when a commit notifies {@link OutboxNotifications} (usually within
 * milliseconds of the commit) and, as a fallback, every {@code outbox.poll-interval}. Rounds of
 * one instance never overlap; a notification during a round runs another one after it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock ("outbox" in ASCII). */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private final Vertx vertx;
    private final Pool pool;
    private final KafkaPublisher publisher;
    private final OutboxConfig config;
    private final Counter publishedCounter;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean stopped;
    private final Map<Long, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();

    public OutboxRelay(Pool pool, KafkaPublisher publisher, OutboxConfig config, MeterRegistry registry, Vertx vertx) {
        this.vertx = vertx;
        this.pool = pool;
        this.publisher = publisher;
        this.config = config;
        this.publishedCounter = Counter.builder("outbox.events.published")
                .description("Outbox events acknowledged by Kafka").register(registry);
    }

    void start(@Observes StartupEvent startup) {
        publishSoon();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
    }

    @Scheduled(every = "${outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayPending() {
        publishSoon();
    }

    /**
     * Starts a relay round now, or right after the one under way; returns at once. Called on
     * every commit notification and by the fallback schedule.
     */
    public void publishSoon() {
        requested.set(true);
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        // Its polls are not traced; each record it relays carries its writer's trace (OutboxTraceContext).
        TracedWork.untraced(vertx, this::publishPending)
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed: %s", e.getMessage()))
                .onFailure().recoverWithItem(0)
                .subscribe().with(published -> {
                    running.set(false);
                    if (requested.get()) {
                        publishSoon();
                    }
                });
    }

    /**
     * Completes once this instance has published the event (acknowledged by Kafka); an event
     * another instance publishes is found by {@link OutboxPublication} in the table instead.
     */
    CompletableFuture<Void> published(long id) {
        return waiters.computeIfAbsent(id, ignored -> new CompletableFuture<>());
    }

    /** Forgets a waiter that was given up (it timed out or the row was found published). */
    void forget(long id) {
        waiters.remove(id);
    }

    private void announce(long id) {
        CompletableFuture<Void> waiter = waiters.remove(id);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deletePublished() {
        return TracedWork.untraced(vertx, () -> pool.preparedQuery("delete from outbox_events where published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.retention().toSeconds())))
                .onFailure().invoke(e -> LOG.warnf("outbox cleanup failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes until nothing is pending or a round makes no progress; returns how many went out. */
    Uni<Integer> publishPending() {
        return publishRound().chain(count -> count < config.batchSize()
                ? Uni.createFrom().item(count)
                : publishPending().map(more -> count + more));
    }

    /** One round's outcome: how many events were pending, and the ids Kafka acknowledged. */
    private record Round(int pending, List<Long> published) {

        static final Round NONE = new Round(0, List.of());
    }

    private Uni<Integer> publishRound() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(Round.NONE)))
                // Announced once the marks are committed: whoever was waiting may read the table at once.
                .invoke(round -> round.published().forEach(this::announce))
                // A partial round means Kafka failed: stop here instead of spinning (the schedule retries).
                .map(round -> round.published().size() < round.pending() ? 0 : round.published().size());
    }

    private Uni<Round> publishBatch(SqlConnection connection) {
        return connection.preparedQuery("select id, topic, message_key, payload, traceparent, tracestate from outbox_events"
                + " where published_at is null order by id limit $1")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    List<PendingEvent> pending = new ArrayList<>();
                    for (Row row : rows) {
                        String traceparent = row.getString("traceparent");
                        pending.add(new PendingEvent(row.getLong("id"), row.getString("topic"), row.getString("message_key"),
                                row.getString("payload"), traceparent == null ? OutboxTraceContext.NONE
                                        : new OutboxTraceContext(traceparent, row.getString("tracestate"))));
                    }
                    return pending.isEmpty() ? Uni.createFrom().item(Round.NONE) : publishAndMark(connection, pending);
                });
    }

    private Uni<Round> publishAndMark(SqlConnection connection, List<PendingEvent> pending) {
        return publisher.publishInOrder(pending).chain(published -> {
            if (published.isEmpty()) {
                return Uni.createFrom().item(new Round(pending.size(), List.of()));
            }
            publishedCounter.increment(published.size());
            return connection.preparedQuery("update outbox_events set published_at = now() where id = any($1)")
                    .execute(Tuple.of(published.toArray(new Long[0])))
                    .map(ignored -> new Round(pending.size(), List.copyOf(published)));
        });
    }
}
