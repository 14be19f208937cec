package ai.crafted.whatsapp.reply;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppConversationMessageEvent;
import ai.crafted.events.WhatsAppInboundMessage;

/**
 * Tells the control panel's conversation view what became of each message
 * ({@code whatsapp-conversation-messages}): a customer's message once it is answered, skipped or
 * failed, and each sent part as it is accepted and as its delivery status moves. The view is a
 * copy for people, not a record the worker relies on: a publish that fails is logged, never
 * retried, and never fails a reply (the worker's own tables stay the truth).
 */
@ApplicationScoped
public class ConversationLog {

    private static final Logger LOG = Logger.getLogger(ConversationLog.class);

    private final MutinyEmitter<WhatsAppConversationMessageEvent> events;

    public ConversationLog(@Channel(Topics.WHATSAPP_CONVERSATION_MESSAGES) MutinyEmitter<WhatsAppConversationMessageEvent> events) {
        this.events = events;
    }

    /**
     * The customer's message reached a final state, was parked for an operator, or an
     * operator's retry of it started.
     *
     * @param text      what the model read (or the described type)
     * @param status    {@code replied}, {@code skipped}, {@code undeliverable}, {@code failed}, {@code parked}
     *                  or {@code sending} (an operator's retry under way)
     * @param errorCode Meta's code when a send was refused, else null
     * @param errorText why it was skipped, failed or parked, else null
     */
    public void inbound(WhatsAppInboundMessage message, UUID conversationId, String text, String status, Integer errorCode,
            String errorText) {
        Instant created = message.sentAt() != null ? message.sentAt() : message.receivedAt();
        publish(new WhatsAppConversationMessageEvent(WhatsAppConversationMessageEvent.SCHEMA_VERSION, message.organizationId(),
                message.appId(), conversationId, message.customer(), WhatsAppConversationMessageEvent.INBOUND,
                message.messageId(), null, 0, text, status, errorCode, errorText, created, Instant.now()));
    }

    /** A part of a reply was accepted by WhatsApp. */
    public void outboundAccepted(WhatsAppInboundMessage message, UUID conversationId, String wamid, int part, String text) {
        Instant now = Instant.now();
        publish(new WhatsAppConversationMessageEvent(WhatsAppConversationMessageEvent.SCHEMA_VERSION, message.organizationId(),
                message.appId(), conversationId, message.customer(), WhatsAppConversationMessageEvent.OUTBOUND,
                wamid, message.messageId(), part, text, "accepted", null, null, now, now));
    }

    /** A sent part's delivery status moved (from a status webhook). */
    public void outboundStatus(WhatsAppConversationMessageEvent state) {
        publish(state);
    }

    private void publish(WhatsAppConversationMessageEvent event) {
        events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()))
                .subscribe().with(ignored -> { }, failure -> LOG.warnf("conversation view not told about message %s: %s",
                        event.wamid(), failure.getMessage()));
    }
}
