package ai.crafted.events.kafka;

import ai.crafted.events.ApiKeyUsedEvent;

public class ApiKeyUsedEventSerializer extends JsonEventSerializer<ApiKeyUsedEvent> {
}
