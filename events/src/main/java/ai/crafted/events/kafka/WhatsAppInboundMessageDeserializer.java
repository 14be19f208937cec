package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppInboundMessage;

public class WhatsAppInboundMessageDeserializer extends JsonEventDeserializer<WhatsAppInboundMessage> {

    public WhatsAppInboundMessageDeserializer() {
        super(WhatsAppInboundMessage.class);
    }
}
