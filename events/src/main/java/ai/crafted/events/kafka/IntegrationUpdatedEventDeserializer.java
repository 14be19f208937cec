package ai.crafted.events.kafka;

import ai.crafted.events.IntegrationUpdatedEvent;

/** Named in consumers' {@code value.deserializer} config. */
public class IntegrationUpdatedEventDeserializer extends JsonEventDeserializer<IntegrationUpdatedEvent> {

    public IntegrationUpdatedEventDeserializer() {
        super(IntegrationUpdatedEvent.class);
    }
}
