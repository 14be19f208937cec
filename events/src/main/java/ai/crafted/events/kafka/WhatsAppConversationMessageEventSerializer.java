package ai.crafted.events.kafka;

import ai.crafted.events.WhatsAppConversationMessageEvent;

public class WhatsAppConversationMessageEventSerializer extends JsonEventSerializer<WhatsAppConversationMessageEvent> {
}
