package ai.crafted.events.kafka;

import ai.crafted.events.ApiKeyUsedEvent;

public class ApiKeyUsedEventDeserializer extends JsonEventDeserializer<ApiKeyUsedEvent> {

    public ApiKeyUsedEventDeserializer() {
        super(ApiKeyUsedEvent.class);
    }
}
