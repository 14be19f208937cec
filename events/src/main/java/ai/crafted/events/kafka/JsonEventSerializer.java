package ai.crafted.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Serializer;

import ai.crafted.events.EventJson;

/** Kafka serializer for event records (used by dead-letter queues that re-publish a consumed event). */
public class JsonEventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.write(data).getBytes(StandardCharsets.UTF_8);
    }
}
