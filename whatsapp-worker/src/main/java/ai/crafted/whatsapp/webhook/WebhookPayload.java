package ai.crafted.whatsapp.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.delivery.DeliveryStatus;

/**
 * Reads the messages out of a WhatsApp Cloud API webhook delivery
 * ({@code entry[].changes[].value.messages[]}, Meta's webhook reference).
 * <ul>
 * <li>The customer is the message's {@code from} (phone number) and {@code from_user_id} (the
 * business-scoped user id), falling back to the {@code contacts[]} entry's {@code wa_id} and
 * {@code user_id}; a message with neither is dropped and counted, never filed under an empty id,
 * and so is one whose ids the worker cannot store (longer than its columns, or with NUL).</li>
 * <li>A change whose {@code metadata.phone_number_id} is not the app's own number is not for this
 * app: its messages are dropped and counted (answering would send from the wrong number).</li>
 * <li>What the model reads is {@link MessageInput}'s; reactions and system notices are counted by
 * type and not published. Delivery statuses are handed to {@code DeliveryStatuses}.</li>
 * </ul>
 */
final class WebhookPayload {

    /**
     * @param messages   what to publish
     * @param statuses   delivery statuses of messages the app sent
     * @param notAnswered messages deliberately not answered, by type
     * @param dropped    messages dropped, by reason ({@code foreign_phone_number_id}, {@code no_customer_id})
     */
    record Parsed(List<WhatsAppInboundMessage> messages, List<DeliveryStatus> statuses, Map<String, Integer> notAnswered,
            Map<String, Integer> dropped) {
    }

    /** The widths of the worker's columns for a phone number, a business-scoped user id and a message id. */
    static final int MAX_PHONE_CHARS = 32;
    static final int MAX_USER_ID_CHARS = 200;
    static final int MAX_WAMID_CHARS = 128;
    private static final Instant EARLIEST = Instant.parse("2009-01-01T00:00:00Z");

    private WebhookPayload() {
    }

    static Parsed parse(JsonNode body, WhatsAppApp app) {
        List<WhatsAppInboundMessage> messages = new ArrayList<>();
        Map<String, Integer> notAnswered = new HashMap<>();
        Map<String, Integer> dropped = new HashMap<>();
        List<DeliveryStatus> statuses = new ArrayList<>();
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = value.path("metadata").path("phone_number_id").asText(app.phoneNumberId());
                if (!phoneNumberId.equals(app.phoneNumberId())) {
                    if (value.path("messages").size() > 0) {
                        dropped.merge("foreign_phone_number_id", value.path("messages").size(), Integer::sum);
                    }
                    continue;
                }
                value.path("statuses").forEach(status -> statuses.add(status(status)));
                JsonNode contacts = value.path("contacts").isArray() ? value.path("contacts") : MissingNode.getInstance();
                for (JsonNode message : value.path("messages")) {
                    JsonNode contact = contactOf(message, contacts);
                    String from = text(message.path("from"), contact.path("wa_id"));
                    String userId = text(message.path("from_user_id"), contact.path("user_id"));
                    if (from == null && userId == null) {
                        dropped.merge("no_customer_id", 1, Integer::sum);
                        continue;
                    }
                    String wamid = text(message.path("id"), null);
                    if (!storable(from, MAX_PHONE_CHARS) || !storable(userId, MAX_USER_ID_CHARS) || wamid == null
                            || !storable(wamid, MAX_WAMID_CHARS)) {
                        // Ids the worker cannot store would make the message fail later, silently, in the dead-letter topic.
                        dropped.merge("invalid_id", 1, Integer::sum);
                        continue;
                    }
                    MessageInput.Reading reading = MessageInput.read(message);
                    String type = message.path("type").asText("unknown");
                    if (reading.kind() == MessageInput.Kind.NO_ANSWER) {
                        notAnswered.merge(type, 1, Integer::sum);
                        continue;
                    }
                    messages.add(new WhatsAppInboundMessage(WhatsAppInboundMessage.SCHEMA_VERSION, app.appId(),
                            app.organizationId(), phoneNumberId, from, wamid, type, reading.text(),
                            Instant.now(), userId, sentAt(message), text(message.path("context").path("id"), null)));
                }
            }
        }
        return new Parsed(messages, statuses, notAnswered, dropped);
    }

    /** The contacts[] entry of the message's sender: the one with its wa_id or user_id, else the only one. */
    private static JsonNode contactOf(JsonNode message, JsonNode contacts) {
        for (JsonNode contact : contacts) {
            boolean samePhone = message.hasNonNull("from") && message.path("from").asText().equals(contact.path("wa_id").asText(null));
            boolean sameUser = message.hasNonNull("from_user_id")
                    && message.path("from_user_id").asText().equals(contact.path("user_id").asText(null));
            if (samePhone || sameUser) {
                return contact;
            }
        }
        // The only contact, unless it names another phone number than the message.
        boolean contradicts = contacts.size() == 1 && message.hasNonNull("from") && contacts.get(0).hasNonNull("wa_id")
                && !message.path("from").asText().equals(contacts.get(0).path("wa_id").asText());
        return contacts.size() == 1 && !contradicts ? contacts.get(0) : MissingNode.getInstance();
    }

    /** One {@code statuses[]} entry; for {@code failed}, the first error's code and title. */
    private static DeliveryStatus status(JsonNode status) {
        JsonNode error = status.path("errors").path(0);
        Integer code = error.path("code").isInt() ? error.path("code").asInt() : null;
        String title = error.isObject() ? error.path("title").asText(error.path("message").asText(null)) : null;
        String wamid = text(status.path("id"), null);
        String clean = title == null ? null : title.replace("\u0000", "");
        return new DeliveryStatus(storable(wamid, MAX_WAMID_CHARS) ? wamid : null, status.path("status").asText(""), sentAt(status),
                code, clean != null && clean.length() > 500 ? clean.substring(0, 500) : clean);
    }

    /** The first of the values that is non-blank text, or null. */
    private static String text(JsonNode first, JsonNode second) {
        for (JsonNode value : new JsonNode[] {first, second}) {
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        return null;
    }

    /**
     * The object's {@code timestamp} (seconds since the epoch, as a string), or null when it is
     * missing or not a time WhatsApp could have sent (before 2009, or more than a day ahead): an
     * absurd date would order conversations wrongly.
     */
    private static Instant sentAt(JsonNode message) {
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(message.path("timestamp").asText("")));
            return at.isBefore(EARLIEST) || at.isAfter(Instant.now().plus(java.time.Duration.ofDays(1))) ? null : at;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** Null, or text of at most {@code max} characters without NUL (PostgreSQL text cannot hold it). */
    private static boolean storable(String id, int max) {
        return id == null || id.length() <= max && id.indexOf('\u0000') < 0;
    }
}
