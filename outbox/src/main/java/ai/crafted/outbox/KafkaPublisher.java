package ai.crafted.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Publishes outbox rows with a plain idempotent Kafka producer. A plain producer (rather than a
 * messaging channel) lets the relay learn exactly which records the broker acknowledged, in
 * order, and keep the rest for the next round when the broker is unavailable. Each record carries
 * the W3C trace context its writer stored ({@link OutboxTraceContext}) in its headers.
 */
@ApplicationScoped
public class KafkaPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaProducer<String, String> producer;

    public KafkaPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-outbox");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Fail a round within seconds when the broker is away; the rows stay and are retried.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Sends the events in order and returns the ids the broker acknowledged. Sending stops at the
     * first event the producer refuses at once (no metadata while the broker is away): sending the
     * rest after it, once the broker is back, would publish them ahead of it and then again in the
     * next round. Every acknowledged event is returned, also those after one that failed later:
     * the idempotent producer fails every later record of a partition after a failed one, so what
     * was acknowledged is never ahead of a failure in its own partition, and not marking it would
     * only publish it twice. Runs on a worker thread because the producer may block while it waits
     * for metadata.
     */
    public Uni<List<Long>> publishInOrder(List<PendingEvent> events) {
        return Uni.createFrom().item(() -> sendAndAwait(events))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<Long> sendAndAwait(List<PendingEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        List<Long> published = new ArrayList<>(events.size());
        try {
            for (PendingEvent event : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
                event.trace().addTo(record.headers());
                Future<RecordMetadata> ack = producer.send(record);
                acks.add(ack);
                if (ack.isDone() && failed(ack)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Kafka refused outbox events (%s); they stay pending", e.getMessage());
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                published.add(events.get(i).id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.warnf("Kafka did not acknowledge outbox event %d (%s); it stays pending", events.get(i).id(),
                        e.getMessage());
            }
        }
        return published;
    }

    private static boolean failed(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
