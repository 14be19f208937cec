package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppOperatorActionEvent;
import ai.crafted.events.WhatsAppOperatorActionEvent.Action;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.outbox.Outbox;

/**
 * Operators' actions on a WhatsApp customer message that is {@code parked} (its reply was
 * interrupted while being sent: WhatsApp may or may not have received it) or {@code failed}:
 * retry it or mark it failed. The message belongs to whatsapp-worker, so the action is a command
 * on {@code whatsapp-operator-actions}, written to the outbox in this transaction; the worker
 * checks the message's state again, applies it once, and reports the result to the conversation
 * view.
 */
@ApplicationScoped
public class WhatsAppOperatorActions {

    private final WhatsAppAppRepository apps;
    private final WhatsAppConversations conversations;
    private final Outbox outbox;

    public WhatsAppOperatorActions(WhatsAppAppRepository apps, WhatsAppConversations conversations, Outbox outbox) {
        this.apps = apps;
        this.conversations = conversations;
        this.outbox = outbox;
    }

    /**
     * Asks whatsapp-worker to apply {@code action} to the customer's message {@code wamid} of the
     * conversation.
     *
     * @param requestedBy the operator (token subject), for the worker's log
     * @throws ApiException (as the Uni's failure) 404 {@code not_found} when the app is not the
     *                      organisation's or the conversation has no such customer message (a part
     *                      of a reply included); 409 {@code whatsapp_message_state_conflict} when the
     *                      message is neither {@code parked} nor {@code failed}
     */
    @WithTransaction
    public Uni<WhatsAppOperatorActionView> request(UUID organizationId, UUID appId, UUID conversationId, String wamid,
            Action action, String requestedBy) {
        return apps.findOwnedOrNotFound(organizationId, appId, "WhatsApp app " + appId)
                .chain(app -> conversations.customerMessage(organizationId, appId, conversationId, wamid))
                .onItem().ifNull().failWith(() -> ApiException.notFound("customer message " + wamid + " in conversation "
                        + conversationId))
                .chain(message -> {
                    if (!WhatsAppConversationView.ACTIONABLE.contains(message.status)) {
                        return Uni.createFrom().failure(new ApiException(409, ErrorCodes.WHATSAPP_MESSAGE_STATE_CONFLICT,
                                "only a parked or failed message can be retried or marked failed; this one is " + message.status,
                                null));
                    }
                    Instant now = Instant.now();
                    var command = new WhatsAppOperatorActionEvent(WhatsAppOperatorActionEvent.SCHEMA_VERSION, UUID.randomUUID(), now,
                            organizationId, appId, conversationId, wamid, action, requestedBy);
                    return outbox.enqueue(Topics.WHATSAPP_OPERATOR_ACTIONS, command.key(), command)
                            .replaceWith(new WhatsAppOperatorActionView(command.eventId(), action.wireName(), conversationId, wamid,
                                    message.status, now));
                });
    }
}
