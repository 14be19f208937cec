package ai.crafted.whatsapp.approval;

import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

import ai.crafted.events.WhatsAppInboundMessage;

/**
 * A customer's turn waiting for (or resuming after) people's decisions on the model's tool calls,
 * as {@code pending_turns} holds it.
 *
 * @param message    the customer's message the turn answers, as the webhook published it
 * @param resumeBody the follow-up request to the gateway, without the API key
 * @param state      {@code waiting}, {@code resuming}, {@code sending}, {@code done}, {@code failed} or {@code parked}
 * @param answer     what is being sent to the customer (state {@code sending}), else null
 * @param lastError  why the turn failed or was retried, else null
 */
public record PendingTurn(UUID id, UUID appId, UUID organizationId, UUID conversationId, WhatsAppInboundMessage message,
        List<UUID> approvalIds, JsonObject resumeBody, String state, String answer, String lastError) {

    /** The key the turn's outbound parts are recorded under ({@code outbound_messages.inbound_wamid}). */
    public String outboundKey() {
        return "approval:" + id;
    }
}
