package ai.crafted.replay;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * How far this instance has replayed the compacted topics its in-memory views come from, so the
 * service reports ready only once it holds the state that existed when it started (a gateway that
 * answered before would refuse keys it has not read yet).
 *
 * <p>A channel takes part by naming this bean as its rebalance listener:
 * <pre>
 * mp.messaging.incoming.&lt;channel&gt;.consumer-rebalance-listener.name=replayed-view
 * </pre>
 * ({@link ReplayRebalanceListener}).
 * When its partitions are assigned, the channel's own consumer (with its bootstrap and security
 * settings) reports the end offsets: those are the targets. The consumer method calls
 * {@link #consumed(ConsumerRecord)} for every record it applied, tombstones and unreadable ones
 * included. The expected topics are read from that configuration, so a replay channel that has
 * not been assigned yet keeps the service not ready.
 */
@ApplicationScoped
public class ReplayProgress {

    /** The rebalance-listener name channels configure to take part ({@link ReplayRebalanceListener}). */
    public static final String LISTENER = "replayed-view";

    private static final Logger LOG = Logger.getLogger(ReplayProgress.class);
    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String LISTENER_KEY = ".consumer-rebalance-listener.name";

    private final Set<String> topics;
    private final Map<TopicPartition, Long> targets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private final Set<String> assignedTopics = ConcurrentHashMap.newKeySet();
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    @Inject
    public ReplayProgress(Config config) {
        this(replayedTopics(config));
    }

    /** @param topics the topics that must be caught up before the service is ready */
    public ReplayProgress(Set<String> topics) {
        this.topics = Set.copyOf(topics);
    }

    /** Topics of every incoming channel configured with this listener (a channel's topic defaults to its name). */
    static Set<String> replayedTopics(Config config) {
        Set<String> result = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(LISTENER_KEY)
                    && LISTENER.equals(config.getOptionalValue(name, String.class).orElse(null))) {
                String channel = name.substring(PREFIX.length(), name.length() - LISTENER_KEY.length());
                result.add(config.getOptionalValue(PREFIX + channel + ".topic", String.class).orElse(channel));
            }
        }
        return result;
    }

    /**
     * Records the end offsets the replaying consumer sees when partitions are first assigned to
     * it; later assignments keep them. Runs on the consumer's polling thread.
     */
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.endOffsets(partitions).forEach(targets::putIfAbsent);
        partitions.forEach(p -> assignedTopics.add(p.topic()));
        LOG.debugf("replay targets for %s: %s", partitions, targets);
    }

    /** Called by a replaying consumer for every record it has applied to its view. */
    public void consumed(ConsumerRecord<?, ?> record) {
        consumed.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
        if (!waiters.isEmpty()) {
            waiters.removeIf(waiter -> reached(waiter.endOffsets()) && waiter.done().complete(null));
        }
    }

    /** The partitions of the replayed topics assigned to this instance so far. */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(targets.keySet());
    }

    /**
     * Completes once every record before the given end offsets (per partition: the offset the
     * next record will get) has been applied: at once when that is already so. Never fails; the
     * caller bounds the wait.
     */
    public CompletableFuture<Void> reach(Map<TopicPartition, Long> endOffsets) {
        if (reached(endOffsets)) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(Map.copyOf(endOffsets), new CompletableFuture<>());
        waiters.add(waiter);
        // A record may have been applied between the check and the add.
        if (reached(endOffsets)) {
            waiters.remove(waiter);
            waiter.done().complete(null);
        }
        return waiter.done();
    }

    /** The partitions not yet applied up to these end offsets, as {@code topic-partition: next N of M}, for logs. */
    public String behindOf(Map<TopicPartition, Long> endOffsets) {
        StringBuilder out = new StringBuilder();
        endOffsets.forEach((partition, end) -> {
            long next = consumed.getOrDefault(partition, -1L) + 1;
            if (next < end) {
                out.append(out.length() == 0 ? "" : ", ").append(partition).append(": next ").append(next).append(" of ").append(end);
            }
        });
        return out.toString();
    }

    private boolean reached(Map<TopicPartition, Long> endOffsets) {
        for (var end : endOffsets.entrySet()) {
            if (consumed.getOrDefault(end.getKey(), -1L) + 1 < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private record Waiter(Map<TopicPartition, Long> endOffsets, CompletableFuture<Void> done) {
    }

    /** The topics this instance replays. */
    public Set<String> topics() {
        return topics;
    }

    /**
     * Records still to apply before this instance holds the state it had at start-up, or -1 while
     * a replayed topic's partitions have not been assigned yet.
     */
    public long behind() {
        if (!assignedTopics.containsAll(topics)) {
            return -1;
        }
        long behind = 0;
        for (var target : targets.entrySet()) {
            long next = consumed.getOrDefault(target.getKey(), -1L) + 1;
            behind += Math.max(0, target.getValue() - next);
        }
        return behind;
    }

    public boolean caughtUp() {
        return behind() == 0;
    }
}
