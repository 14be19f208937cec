package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppAppUpdatedEvent;

public class WhatsAppAppUpdatedEventSerializer extends JsonEventSerializer<WhatsAppAppUpdatedEvent> {
}
