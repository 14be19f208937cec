package ai.crafted.events.kafka;

import org.apache.kafka.common.serialization.Deserializer;

import ai.crafted.events.EventJson;

/** Kafka deserializer for one event record type; a null payload (tombstone) stays null. */
public abstract class JsonEventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected JsonEventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.read(data, type);
    }
}
