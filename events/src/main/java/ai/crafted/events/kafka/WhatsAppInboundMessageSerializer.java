package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppInboundMessage;

public class WhatsAppInboundMessageSerializer extends JsonEventSerializer<WhatsAppInboundMessage> {
}
