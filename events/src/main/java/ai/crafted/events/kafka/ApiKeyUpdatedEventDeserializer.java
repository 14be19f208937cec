package ai.crafted.events.kafka;

import ai.crafted.events.ApiKeyUpdatedEvent;

public class ApiKeyUpdatedEventDeserializer extends JsonEventDeserializer<ApiKeyUpdatedEvent> {

    public ApiKeyUpdatedEventDeserializer() {
        super(ApiKeyUpdatedEvent.class);
    }
}
