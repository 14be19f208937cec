package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One customer message accepted by the webhook, published on {@link Topics#WHATSAPP_INBOUND}
 * keyed by {@link #conversationKey()} so one customer's messages stay in order.
 *
 * <p>A customer is identified by a phone number ({@code from}, WhatsApp's {@code wa_id}), by a
 * business-scoped user id ({@code userId}, Meta's BSUID such as {@code US.13491208655302741918},
 * the only identifier of a user who adopted a WhatsApp username), or both; never by neither.
 * Fields after {@code receivedAt} were added later (schema version 1 still: absent means null).
 *
 * @param from             the customer's phone number, or null when WhatsApp withholds it
 * @param messageId        WhatsApp's id ({@code wamid…}): the worker's deduplication key
 * @param type             WhatsApp's message type ({@code text}, {@code image}, {@code interactive}, …)
 * @param text             what the model reads for this message (the text, a caption, "[tapped: …]", …),
 *                         or null for a type the worker answers without the model
 * @param userId           the customer's business-scoped user id, or null (deliveries before 2026)
 * @param sentAt           when the customer sent it (the message's {@code timestamp}), or null
 * @param contextMessageId the id of the message this one replies to, or null
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
        Instant receivedAt,
        String userId,
        Instant sentAt,
        String contextMessageId) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * {@code <appId>:<id>}, the id being the phone number when known (as before business-scoped
     * user ids existed, so records already queued stay in order with new ones), else the
     * business-scoped user id.
     */
    public String conversationKey() {
        return appId + ":" + customer();
    }

    /** The customer as one id: the phone number when known, else the business-scoped user id. */
    public String customer() {
        return from != null && !from.isBlank() ? from : userId;
    }
}
