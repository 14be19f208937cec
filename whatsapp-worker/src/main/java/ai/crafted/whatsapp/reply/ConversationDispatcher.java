package ai.crafted.whatsapp.reply;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Runs replies of different conversations in parallel and those of one conversation strictly
 * one after another, with at most {@code maxInFlight} replies running. The consumer waits on
 * {@link #admission()} before taking the next record, so Kafka is not read faster than replies
 * finish.
 */
@ApplicationScoped
public class ConversationDispatcher {

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;

    @Inject
    public ConversationDispatcher(WorkerConfig config) {
        this(config.maxRepliesInFlight());
    }

    ConversationDispatcher(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Completes once a new reply may start. */
    public CompletionStage<Void> admission() {
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
