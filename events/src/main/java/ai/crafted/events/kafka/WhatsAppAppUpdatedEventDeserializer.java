package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppAppUpdatedEvent;

public class WhatsAppAppUpdatedEventDeserializer extends JsonEventDeserializer<WhatsAppAppUpdatedEvent> {

    public WhatsAppAppUpdatedEventDeserializer() {
        super(WhatsAppAppUpdatedEvent.class);
    }
}
