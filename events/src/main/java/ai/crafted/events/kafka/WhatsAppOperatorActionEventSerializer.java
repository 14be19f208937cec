package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppOperatorActionEvent;

public class WhatsAppOperatorActionEventSerializer extends JsonEventSerializer<WhatsAppOperatorActionEvent> {
}
