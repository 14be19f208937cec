package ai.crafted.events.kafka;

import ai.crafted.events.IntegrationUpdatedEvent;

public class IntegrationUpdatedEventSerializer extends JsonEventSerializer<IntegrationUpdatedEvent> {
}
