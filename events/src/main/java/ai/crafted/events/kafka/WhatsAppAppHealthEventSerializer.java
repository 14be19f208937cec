package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppAppHealthEvent;

public class WhatsAppAppHealthEventSerializer extends JsonEventSerializer<WhatsAppAppHealthEvent> {
}
