package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The latest state of one message of a WhatsApp conversation, from whatsapp-worker for the
 * control panel's conversation view, published on {@link Topics#WHATSAPP_CONVERSATION_MESSAGES}
 * keyed {@code <appId>:<wamid>} (compacted: the latest state per message).
 *
 * @param customer      the customer's phone number, or business-scoped user id when there is none
 * @param direction     {@code inbound} (the customer's) or {@code outbound} (a part of a reply)
 * @param wamid         WhatsApp's id of the message
 * @param inboundWamid  for an outbound part: the customer's message it answers; else null
 * @param part          for an outbound part: its number from 0; else 0
 * @param text          what the customer wrote (as the model read it) or what was sent
 * @param status        inbound: {@code replied}, {@code skipped}, {@code undeliverable}, {@code failed},
 *                      {@code parked} (its reply was interrupted while being sent: it waits for an operator
 *                      to retry it or mark it failed, {@link WhatsAppOperatorActionEvent}) or {@code sending}
 *                      (an operator's retry is under way);
 *                      outbound: {@code accepted}, {@code sent}, {@code delivered}, {@code read}, {@code failed}
 * @param errorCode     Meta's error code when the status says something went wrong, else null
 * @param errorText     why (Meta's words or the worker's reason, access tokens redacted), else null
 * @param createdAt     when the message was received or sent
 * @param statusAt      when the status was reached
 */
public record WhatsAppConversationMessageEvent(
        int schemaVersion,
        UUID organizationId,
        UUID appId,
        UUID conversationId,
        String customer,
        String direction,
        String wamid,
        String inboundWamid,
        int part,
        String text,
        String status,
        Integer errorCode,
        String errorText,
        Instant createdAt,
        Instant statusAt) {

    public static final int SCHEMA_VERSION = 1;

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";

    /**
     * The order of a sent message's statuses as WhatsApp reports them: {@code accepted} 0,
     * {@code sent} 1, {@code delivered} 2, {@code read} 3, {@code failed} 4; -1 for anything else
     * (a customer's message's states). A status only moves to a higher rank; {@code failed} may
     * follow any.
     */
    public static int outboundRank(String status) {
        return switch (String.valueOf(status)) {
            case "accepted" -> 0;
            case "sent" -> 1;
            case "delivered" -> 2;
            case "read" -> 3;
            case "failed" -> 4;
            default -> -1;
        };
    }

    /** The record key: one state per message of an app. */
    public String key() {
        return appId + ":" + wamid;
    }
}
