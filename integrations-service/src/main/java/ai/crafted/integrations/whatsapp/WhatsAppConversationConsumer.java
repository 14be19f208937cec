package ai.crafted.integrations.whatsapp;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.storeoutage.StoreOutage;

/** Keeps whatsapp-worker's reports for the conversation view; unreadable records are skipped. */
@ApplicationScoped
public class WhatsAppConversationConsumer {

    private static final Logger LOG = Logger.getLogger(WhatsAppConversationConsumer.class);

    private final WhatsAppConversations conversations;

    public WhatsAppConversationConsumer(WhatsAppConversations conversations) {
        this.conversations = conversations;
    }

    /** Keeps one report; the offset is committed after the row is written (or the report is skipped). */
    @Incoming(Topics.WHATSAPP_CONVERSATION_MESSAGES)
    public Uni<Void> consume(WhatsAppConversationMessageEvent event) {
        // A database that cannot be reached right now is waited out, not a reason to dead-letter the record.
        return StoreOutage.retried(() -> apply(event), StoreOutage.CONSUMER_LIMIT);
    }

    private Uni<Void> apply(WhatsAppConversationMessageEvent event) {
        if (event == null || event.schemaVersion() != WhatsAppConversationMessageEvent.SCHEMA_VERSION || event.appId() == null
                || event.wamid() == null || event.conversationId() == null || event.direction() == null || event.status() == null) {
            LOG.warn("skipping a whatsapp-conversation-messages record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return conversations.apply(event).replaceWithVoid();
    }
}
