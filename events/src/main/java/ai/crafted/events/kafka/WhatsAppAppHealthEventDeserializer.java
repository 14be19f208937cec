package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppAppHealthEvent;

public class WhatsAppAppHealthEventDeserializer extends JsonEventDeserializer<WhatsAppAppHealthEvent> {

    public WhatsAppAppHealthEventDeserializer() {
        super(WhatsAppAppHealthEvent.class);
    }
}
