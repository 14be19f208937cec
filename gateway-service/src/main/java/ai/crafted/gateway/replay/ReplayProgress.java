package ai.crafted.gateway.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import ai.crafted.events.Topics;

/**
 * How far this instance has replayed the compacted topics its in-memory state comes from. The
 * end offsets are read once at start-up; until every partition has been consumed up to them, the
 * gateway is not ready (it would answer 401 for keys it has not seen yet, or miss plugins).
 */
@ApplicationScoped
public class ReplayProgress {

    static final List<String> TOPICS = List.of(Topics.API_KEY_UPDATED, Topics.INTEGRATION_UPDATED, Topics.CREDENTIAL_UPDATED);
    private static final Logger LOG = Logger.getLogger(ReplayProgress.class);

    private final Map<TopicPartition, Long> targets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private volatile boolean targetsKnown;

    void readTargets(@Observes StartupEvent startup,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Thread reader = new Thread(() -> readTargets(bootstrapServers), "replay-targets");
        reader.setDaemon(true);
        // The Kafka client loads its classes through the context class loader: use the application's.
        reader.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        reader.start();
    }

    private void readTargets(String bootstrapServers) {
        for (int attempt = 1; !targetsKnown; attempt++) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                admin.describeTopics(TOPICS).allTopicNames().get(15, TimeUnit.SECONDS).forEach((topic, description) ->
                        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS)
                        .forEach((partition, info) -> targets.put(partition, info.offset()));
                targetsKnown = true;
            } catch (Exception e) {
                LOG.warnf("could not read the replay targets (attempt %d): %s", attempt,
                        e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                sleep(Duration.ofSeconds(Math.min(attempt, 5)));
            }
        }
    }

    /** Called by the consumers for every record they applied. */
    public void consumed(String topic, int partition, long offset) {
        consumed.merge(new TopicPartition(topic, partition), offset, Math::max);
    }

    /** Records still to replay before this instance holds the state it had at start-up; -1 while unknown. */
    public long behind() {
        if (!targetsKnown) {
            return -1;
        }
        long behind = 0;
        for (var target : targets.entrySet()) {
            long next = consumed.getOrDefault(target.getKey(), -1L) + 1;
            behind += Math.max(0, target.getValue() - next);
        }
        return behind;
    }

    void targets(Map<TopicPartition, Long> endOffsets) {
        targets.putAll(endOffsets);
        targetsKnown = true;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
