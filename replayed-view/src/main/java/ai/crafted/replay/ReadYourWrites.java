package ai.crafted.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Read-your-writes for the in-memory views: {@link #await()} completes once this instance has
 * applied every record that was on the replayed topics when it was called. A control-panel write
 * answers only after its events are acknowledged by Kafka (the outbox's {@code OutboxPublication}),
 * so a request sent after that answer, to any instance, sees the write.
 *
 * <p>How: the end offsets of the replayed partitions are asked from the broker (one ListOffsets
 * request, through a consumer of its own that keeps the partitions' leaders) and the wait ends when {@link ReplayProgress} has applied the
 * records before them. Requests arriving while a query is on its way share the next one, so under
 * load there is at most one query per broker round trip, not one per request.
 *
 * <p>Bounded: after {@code replay.read-your-writes.max-wait} (default 2 s) the caller goes on
 * with what the view holds. When the broker cannot be asked, callers go on at once for
 * {@code replay.read-your-writes.broker-retry} (default 5 s) instead of each paying the wait.
 * Outcomes are counted in {@code replay.read_your_writes{outcome=current|waited|timed_out|broker_unavailable|disabled}}.
 */
@ApplicationScoped
public class ReadYourWrites {

    private static final Logger LOG = Logger.getLogger(ReadYourWrites.class);

    private final ReplayProgress progress;
    private final ReadYourWritesConfig config;
    private final MeterRegistry meters;
    private final Map<String, io.micrometer.core.instrument.Counter> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Object> kafkaConfig;
    /** Used only on {@link #queryThread}. */
    private KafkaConsumer<byte[], byte[]> offsets;
    private final ExecutorService queryThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-your-writes-offsets");
        thread.setDaemon(true);
        return thread;
    });
    /** Callers waiting for the next query (sent after they arrived), and whether a query is on its way. */
    private CompletableFuture<Map<TopicPartition, Long>> nextBatch;
    private boolean querying;
    /** {@link System#nanoTime()} until which the broker is not asked (compared by difference: nanoTime may be negative). */
    private volatile long brokerUnavailableUntil = System.nanoTime();
    /** A view that keeps lagging is reported at most every 10 s (each request counts in the metric). */
    private static final long TIMEOUT_WARNING_EVERY_NS = 10_000_000_000L;
    private final java.util.concurrent.atomic.AtomicLong lastTimeoutWarning = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - TIMEOUT_WARNING_EVERY_NS - 1);

    public ReadYourWrites(ReplayProgress progress, ReadYourWritesConfig config, MeterRegistry meters,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.progress = progress;
        this.config = config;
        this.meters = meters;
        this.kafkaConfig = kafkaConfig;
    }

    /**
     * Completes (never fails) once the view holds everything on its topics at the time of the
     * call, or when the bound described on the class is reached.
     */
    public Uni<Void> await() {
        if (!config.enabled()) {
            return counted("disabled");
        }
        if (System.nanoTime() - brokerUnavailableUntil < 0) {
            return counted("broker_unavailable");
        }
        Set<TopicPartition> partitions = progress.partitions();
        if (partitions.isEmpty()) {
            return counted("current");
        }
        AtomicBoolean behind = new AtomicBoolean();
        AtomicReference<Map<TopicPartition, Long>> target = new AtomicReference<>();
        CompletableFuture<Void> caughtUp = endOffsetsAfterNow().thenCompose(endOffsets -> {
            target.set(endOffsets);
            CompletableFuture<Void> reached = progress.reach(endOffsets);
            behind.set(!reached.isDone());
            return reached;
        });
        return Uni.createFrom().completionStage(caughtUp.orTimeout(config.maxWait().toMillis(), TimeUnit.MILLISECONDS))
                .onItem().transformToUni(ignored -> counted(behind.get() ? "waited" : "current"))
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof TimeoutException) {
                        Map<TopicPartition, Long> ends = target.get();
                        long now = System.nanoTime();
                        long last = lastTimeoutWarning.get();
                        if (now - last > TIMEOUT_WARNING_EVERY_NS && lastTimeoutWarning.compareAndSet(last, now)) {
                            LOG.warnf("view not caught up after %s (%s); answering with what it holds", config.maxWait(),
                                    ends == null ? "no end offsets from Kafka yet" : progress.behindOf(ends));
                        }
                        return counted("timed_out");
                    }
                    brokerUnavailableUntil = System.nanoTime() + config.brokerRetry().toNanos();
                    LOG.warnf("cannot ask Kafka for end offsets (%s); answering with the view as it is for %s",
                            failure.getMessage(), config.brokerRetry());
                    return counted("broker_unavailable");
                });
    }

    /**
     * {@link #await()}, then {@code action} on the caller's Vert.x context (a route handler's event
     * loop), where a request must be answered; outside a context (a worker thread) on the thread
     * that completed the wait. Never fails: {@link #await()} does not.
     */
    public void thenOnContext(Runnable action) {
        Context context = Vertx.currentContext();
        await().subscribe().with(ignored -> {
            if (context == null) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        });
    }

    private Uni<Void> counted(String outcome) {
        // Looked up once per outcome, not per request: this runs before every gateway request.
        outcomes.computeIfAbsent(outcome, o -> meters.counter("replay.read_your_writes", "outcome", o)).increment();
        return Uni.createFrom().voidItem();
    }

    /**
     * End offsets from a query sent after this call: the one on its way may have left before the
     * caller's write was acknowledged, so a caller arriving meanwhile joins the next batch, which
     * is sent when the running query answers.
     */
    private synchronized CompletableFuture<Map<TopicPartition, Long>> endOffsetsAfterNow() {
        if (nextBatch == null) {
            nextBatch = new CompletableFuture<>();
        }
        CompletableFuture<Map<TopicPartition, Long>> mine = nextBatch;
        if (!querying) {
            sendNextBatch();
        }
        return mine;
    }

    /** Sends the query for the waiting batch; called with the lock held and no query running. */
    private void sendNextBatch() {
        CompletableFuture<Map<TopicPartition, Long>> batch = nextBatch;
        nextBatch = null;
        querying = true;
        listEndOffsets(progress.partitions()).whenComplete((offsets, failure) -> {
            if (failure != null) {
                batch.completeExceptionally(failure);
            } else {
                batch.complete(offsets);
            }
            synchronized (this) {
                querying = false;
                if (nextBatch != null) {
                    sendNextBatch();
                }
            }
        });
    }

    /**
     * One ListOffsets request through a consumer of its own (no group): unlike the Admin client it
     * keeps the partitions' leaders from earlier queries, so a query is one round trip, not a
     * metadata request and then the ListOffsets. The consumer is not thread-safe: it is used only
     * on its own thread, one query at a time (batches never overlap).
     */
    private CompletableFuture<Map<TopicPartition, Long>> listEndOffsets(Set<TopicPartition> partitions) {
        return CompletableFuture.supplyAsync(() -> offsetsConsumer().endOffsets(partitions, config.maxWait()), queryThread);
    }

    private KafkaConsumer<byte[], byte[]> offsetsConsumer() {
        if (offsets == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.")
                        || key.startsWith("ssl.")) {
                    settings.put(key, value);
                }
            });
            settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "read-your-writes-" + java.util.UUID.randomUUID());
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, config.maxWait().toMillis()));
            settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(500, config.maxWait().toMillis()));
            offsets = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return offsets;
    }

    @PreDestroy
    void close() {
        queryThread.execute(() -> {
            if (offsets != null) {
                offsets.close(Duration.ZERO);
            }
        });
        queryThread.shutdown();
    }
}
