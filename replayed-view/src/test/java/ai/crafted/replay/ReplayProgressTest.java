package ai.crafted.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import ai.crafted.testsupport.kafka.KafkaBrokerResource;

/** Against the real broker: targets come from the replaying consumer itself, at assignment. */
class ReplayProgressTest {

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = KafkaBrokerResource.bootstrapServers();
    }

    @Test
    void notReadyUntilEveryRecordPresentAtAssignmentIsConsumedAndLaterRecordsDoNotMoveTheTarget() throws Exception {
        String topic = newTopic(3);
        produce(topic, 25);
        ReplayProgress progress = new ReplayProgress(Set.of(topic));
        assertThat(progress.behind()).as("before assignment").isEqualTo(-1);

        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic), listenerOf(progress, consumer));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 25 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertThat(seen).hasSize(25);
            // Apply all but the last record: the view is one behind.
            seen.subList(0, 24).forEach(progress::consumed);
            assertThat(progress.behind()).isEqualTo(1);
            assertThat(progress.caughtUp()).isFalse();

            progress.consumed(seen.get(24));
            assertThat(progress.behind()).isZero();

            produce(topic, 5);
            assertThat(progress.caughtUp()).as("records after the start do not hold readiness back").isTrue();
        }
    }

    @Test
    void anEmptyTopicIsCaughtUpOnceAssignedAndAnUnassignedOneKeepsTheServiceNotReady() {
        String empty = newTopic(2);
        String never = newTopic(1);
        ReplayProgress progress = new ReplayProgress(Set.of(empty, never));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(empty), listenerOf(progress, consumer));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(consumer.assignment()).isNotEmpty();
            assertThat(progress.behind()).isEqualTo(-1);
        }
        ReplayProgress onlyEmpty = new ReplayProgress(Set.of(empty));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(empty), listenerOf(onlyEmpty, consumer));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(onlyEmpty.caughtUp()).isTrue();
        }
    }

    @Test
    void theReplayedTopicsAreTheChannelsConfiguredWithThisListener() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "mp.messaging.incoming.api-key-updated.consumer-rebalance-listener.name", "replayed-view",
                "mp.messaging.incoming.plugins.topic", "integration-updated",
                "mp.messaging.incoming.plugins.consumer-rebalance-listener.name", "replayed-view",
                "mp.messaging.incoming.whatsapp-inbound.consumer-rebalance-listener.name", "something-else",
                "mp.messaging.incoming.whatsapp-inbound.topic", "whatsapp-inbound"), "test", 100)).build();

        assertThat(ReplayProgress.replayedTopics(config)).containsExactly("api-key-updated", "integration-updated");
    }

    private static ConsumerRebalanceListener listenerOf(ReplayProgress progress, KafkaConsumer<String, String> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                progress.assigned(consumer, partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }
        };
    }

    private static String newTopic(int partitions) {
        String name = "replay-" + UUID.randomUUID();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    private static void produce(String topic, int count) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "replay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }
}
