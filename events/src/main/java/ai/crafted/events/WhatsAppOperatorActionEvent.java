package ai.crafted.events;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An operator's decision about a customer's WhatsApp message that needs one (status
 * {@code parked}: its reply was interrupted while being sent, so WhatsApp may or may not have
 * received it; or {@code failed}), from the control panel (integrations-service, through its
 * outbox) to whatsapp-worker, published on {@link Topics#WHATSAPP_OPERATOR_ACTIONS} keyed
 * {@code <appId>:<wamid>} so the actions on one message arrive in order.
 *
 * <p>The worker checks again that the message is the named app's and organisation's and still
 * parked or failed; anything else is ignored (logged and counted), never applied.
 *
 * @param eventId        the command's id (for logs; a redelivered command is checked against the message's state)
 * @param occurredAt     when the operator asked
 * @param organizationId the organisation whose app received the message
 * @param appId          the WhatsApp app
 * @param conversationId the conversation in the control panel's view (the worker's conversation id)
 * @param wamid          WhatsApp's id of the customer's (inbound) message
 * @param action         {@link Action#RETRY} or {@link Action#MARK_FAILED}
 * @param requestedBy    the operator's subject in the control-panel token (for the worker's log)
 */
public record WhatsAppOperatorActionEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID appId,
        UUID conversationId,
        String wamid,
        Action action,
        String requestedBy) {

    public static final int SCHEMA_VERSION = 1;

    /** What the operator asked for; serialised in lower case ({@code retry}, {@code mark_failed}). */
    public enum Action {
        /** Send the recorded reply again (the parts WhatsApp has not accepted), or answer anew when none was recorded. */
        RETRY,
        /** Give up on the message: status {@code failed}, reason "marked failed by an operator". */
        MARK_FAILED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Action fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The record key: the actions on one message of an app stay in order. */
    public String key() {
        return appId + ":" + wamid;
    }
}
