package ai.crafted.testsupport.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ai.crafted.events.EventJson;

/** Publishes records to the real test broker and waits for the acknowledgement. */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static void send(String topic, String key, Object event) {
        sendRaw(topic, key, event instanceof String s ? s : EventJson.write(event));
    }

    public static void sendRaw(String topic, String key, String value) {
        sendRaw(topic, key, value, Map.of());
    }

    /** {@link #send} with record headers (e.g. a W3C {@code traceparent}). */
    public static void send(String topic, String key, Object event, Map<String, String> headers) {
        sendRaw(topic, key, event instanceof String s ? s : EventJson.write(event), headers);
    }

    private static void sendRaw(String topic, String key, String value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }
}
