package ai.crafted.whatsapp.reply;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Runs replies of different conversations in parallel and those of one conversation strictly
 * one after another, with at most {@code maxInFlight} replies running. The consumer waits on
 * {@link #admission()} before taking the next record, so Kafka is not read faster than replies
 * finish.
 *
 * <p>At shutdown ({@link #drain}) no new reply starts and the running ones get up to
 * {@code whatsapp.shutdown-drain} (default 2 s) to finish, so their offsets are committed before
 * the consumers close. A reply cut off after that is redelivered to the next owner of its
 * partition, which answers it, or parks it when its reply may already be on its way.
 */
@ApplicationScoped
public class ConversationDispatcher {

    private static final Logger LOG = Logger.getLogger(ConversationDispatcher.class);

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final Duration drainBound;
    private volatile boolean draining;

    @Inject
    public ConversationDispatcher(WorkerConfig config,
            @ConfigProperty(name = "whatsapp.shutdown-drain", defaultValue = "2s") Duration drainBound) {
        this(config.maxRepliesInFlight(), drainBound);
    }

    ConversationDispatcher(int maxInFlight, Duration drainBound) {
        this.maxInFlight = maxInFlight;
        this.drainBound = drainBound;
    }

    /** Runs before the messaging channels close (they close their consumers at shutdown too). */
    void drainAtShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        drain();
    }

    /**
     * Stops admitting replies and waits, at most {@code whatsapp.shutdown-drain}, for the running
     * ones; returns how many were still running when it gave up.
     */
    int drain() {
        synchronized (this) {
            // After this no submit starts a reply (trySubmit holds the same lock).
            draining = true;
        }
        long deadline = System.nanoTime() + drainBound.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = inFlight.get();
        if (left > 0) {
            LOG.warnf("%d repl(ies) still running after %s of shutdown; they are redelivered to the partition's next owner",
                    left, drainBound);
        }
        return left;
    }

    /** Completes once a new reply may start; never while the worker shuts down. */
    public CompletionStage<Void> admission() {
        if (draining) {
            return new CompletableFuture<>();
        }
        if (inFlight.get() < maxInFlight) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> slot = new CompletableFuture<>();
        waiting.add(slot);
        // A reply may have finished between the check and the enqueue.
        if (inFlight.get() < maxInFlight) {
            release();
        }
        return slot;
    }

    /** Whether the worker is shutting down: no reply starts, and failures of running ones are not dead-lettered. */
    public boolean draining() {
        return draining;
    }

    /**
     * {@link #submit} unless the worker is shutting down.
     *
     * @return false when shutting down: the work was not started
     */
    public synchronized boolean trySubmit(String conversationKey, Supplier<CompletionStage<Void>> work) {
        if (draining) {
            return false;
        }
        submit(conversationKey, work);
        return true;
    }

    /** Starts {@code work} after the conversation's previous work; never runs two of one conversation at once. */
    public void submit(String conversationKey, Supplier<CompletionStage<Void>> work) {
        inFlight.incrementAndGet();
        tails.compute(conversationKey, (key, previous) -> {
            CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            CompletableFuture<Void> next = start.handle((ok, failure) -> null)
                    .thenCompose(ignored -> work.get())
                    .handle((ok, failure) -> null);
            next.whenComplete((ok, failure) -> {
                tails.remove(key, next);
                inFlight.decrementAndGet();
                release();
            });
            return next;
        });
    }

    private void release() {
        CompletableFuture<Void> slot = waiting.poll();
        if (slot != null) {
            slot.complete(null);
        }
    }
}
