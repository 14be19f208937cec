package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to an operator's action (202: accepted, applied by whatsapp-worker shortly after;
 * the conversation shows the message {@code sending} and then its result).
 *
 * @param actionId      the command's id ({@code eventId} on {@code whatsapp-operator-actions}, in the worker's log)
 * @param action        {@code retry} or {@code mark_failed}
 * @param messageStatus the message's status when the action was asked for ({@code parked} or {@code failed})
 */
public record WhatsAppOperatorActionView(UUID actionId, String action, UUID conversationId, String wamid, String messageStatus,
        Instant requestedAt) {
}
