package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppConversationMessageEvent;

public class WhatsAppConversationMessageEventDeserializer extends JsonEventDeserializer<WhatsAppConversationMessageEvent> {

    public WhatsAppConversationMessageEventDeserializer() {
        super(WhatsAppConversationMessageEvent.class);
    }
}
