package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppOperatorActionEvent;

public class WhatsAppOperatorActionEventDeserializer extends JsonEventDeserializer<WhatsAppOperatorActionEvent> {

    public WhatsAppOperatorActionEventDeserializer() {
        super(WhatsAppOperatorActionEvent.class);
    }
}
