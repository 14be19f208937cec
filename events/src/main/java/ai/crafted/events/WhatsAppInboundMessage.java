package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One customer message accepted by the webhook, published on {@link Topics#WHATSAPP_INBOUND}
 * keyed by {@code <appId>:<from>} so one conversation's messages stay in order.
 *
 * @param messageId WhatsApp's id ({@code wamid…}): the worker's deduplication key
 * @param type      "text", or the kind of media we do not handle ("image", "audio", …)
 * @param text      the text for type "text", else null
 */
public record WhatsAppInboundMessage(
        int schemaVersion,
        UUID appId,
        UUID organizationId,
        String phoneNumberId,
        String from,
        String messageId,
        String type,
        String text,
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    public String conversationKey() {
        return appId + ":" + from;
    }
}
