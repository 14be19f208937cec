package ai.crafted.whatsapp.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the model reads for one WhatsApp message, by type, as the Cloud API's webhook reference
 * describes the {@code messages[]} object: the text itself, a caption, or a bracketed
 * description ({@code [tapped: Track my order]}, {@code [location: 52.52, 13.405 — Office]}), with
 * {@code [forwarded]} and an ad's {@code [came from an ad: …]} in front when they apply. Some
 * messages are deliberately not answered at all: reactions, system notices and the welcome
 * request are not questions, and a reply to them would be noise (or, for a changed number, go to
 * the old number). Types the reference calls {@code unsupported}, and types it does not list,
 * get the configured polite reply without a model call.
 */
final class MessageInput {

    /** How the worker treats a message: the model's input, the polite reply, or no answer. */
    record Reading(Kind kind, String text, String reason) {

        static Reading model(String text) {
            return new Reading(Kind.MODEL, text, null);
        }

        static Reading politeReply(String reason) {
            return new Reading(Kind.POLITE_REPLY, null, reason);
        }

        static Reading noAnswer(String reason) {
            return new Reading(Kind.NO_ANSWER, null, reason);
        }
    }

    enum Kind {
        /** Answered by the model, reading {@code text}. */
        MODEL,
        /** Answered with {@code whatsapp.unsupported-message-reply}, without a model call. */
        POLITE_REPLY,
        /** Acknowledged and counted, never answered. */
        NO_ANSWER
    }

    /** Types that are not a customer's question: acknowledged, counted by type, never answered. */
    static final Set<String> NOT_ANSWERED = Set.of("reaction", "system", "request_welcome");

    /** Longest text taken from one field of a message (a caption, a title, a form answer). */
    static final int MAX_FIELD_CHARS = 4096;

    private MessageInput() {
    }

    /** Reads one {@code messages[]} object. */
    static Reading read(JsonNode message) {
        String type = message.path("type").asText("unknown");
        if (NOT_ANSWERED.contains(type)) {
            return Reading.noAnswer(type);
        }
        String body = switch (type) {
            case "text" -> field(message.path("text").path("body"));
            case "image", "video" -> media(type, message.path(type), null);
            case "sticker" -> message.path("sticker").path("animated").asBoolean(false) ? "[animated sticker]" : "[sticker]";
            case "document" -> media("document", message.path("document"), field(message.path("document").path("filename")));
            case "audio" -> message.path("audio").path("voice").asBoolean(false) ? "[voice message]" : "[audio]";
            case "location" -> location(message.path("location"));
            case "contacts" -> contacts(message.path("contacts"));
            case "interactive" -> interactive(message.path("interactive"));
            case "button" -> "[tapped: " + orDash(field(message.path("button").path("text"))) + "]";
            case "order" -> order(message.path("order"));
            default -> null;
        };
        if (body == null || body.isBlank()) {
            return Reading.politeReply(type);
        }
        // PostgreSQL text cannot hold NUL: a customer's stray NUL would fail the message later.
        return Reading.model((prefixes(message) + body).replace("\u0000", ""));
    }

    private static String prefixes(JsonNode message) {
        StringBuilder prefix = new StringBuilder();
        JsonNode context = message.path("context");
        if (context.path("forwarded").asBoolean(false) || context.path("frequently_forwarded").asBoolean(false)) {
            prefix.append("[forwarded] ");
        }
        JsonNode referral = message.path("referral");
        if (referral.isObject()) {
            List<String> parts = new ArrayList<>();
            for (String field : new String[] {"headline", "body", "source_url"}) {
                String value = field(referral.path(field));
                if (value != null && !value.isBlank()) {
                    parts.add(value);
                }
            }
            prefix.append("[came from an ad").append(parts.isEmpty() ? "" : ": " + String.join(" — ", parts)).append("] ");
        }
        return prefix.toString();
    }

    private static String media(String type, JsonNode media, String name) {
        String caption = field(media.path("caption"));
        String label = "[" + type + (name != null && !name.isBlank() ? ": " + name : "") + "]";
        if (caption == null || caption.isBlank()) {
            return "[" + type + " without a caption" + (name != null && !name.isBlank() ? ": " + name : "") + "]";
        }
        return label + " " + caption;
    }

    private static String location(JsonNode location) {
        StringBuilder text = new StringBuilder("[location: ").append(location.path("latitude").asText("?")).append(", ")
                .append(location.path("longitude").asText("?"));
        for (String field : new String[] {"name", "address"}) {
            String value = field(location.path(field));
            if (value != null && !value.isBlank()) {
                text.append(" — ").append(value);
            }
        }
        return text.append("]").toString();
    }

    private static String contacts(JsonNode contacts) {
        List<String> cards = new ArrayList<>();
        for (JsonNode contact : contacts) {
            String name = field(contact.path("name").path("formatted_name"));
            List<String> phones = new ArrayList<>();
            contact.path("phones").forEach(p -> phones.add(p.path("phone").asText("")));
            cards.add(orDash(name) + (phones.isEmpty() ? "" : " (" + String.join(", ", phones) + ")"));
        }
        return cards.isEmpty() ? null : "[shared contact: " + String.join("; ", cards) + "]";
    }

    private static String interactive(JsonNode interactive) {
        return switch (interactive.path("type").asText("")) {
            case "button_reply" -> "[tapped: " + orDash(field(interactive.path("button_reply").path("title"))) + "]";
            case "list_reply" -> {
                String description = field(interactive.path("list_reply").path("description"));
                yield "[chose: " + orDash(field(interactive.path("list_reply").path("title")))
                        + (description == null || description.isBlank() ? "" : " — " + description) + "]";
            }
            case "nfm_reply" -> "[form answered: " + orDash(field(interactive.path("nfm_reply").path("response_json"))) + "]";
            default -> null;
        };
    }

    private static String order(JsonNode order) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : order.path("product_items")) {
            items.add(item.path("quantity").asText("1") + " × " + item.path("product_retailer_id").asText("?") + " ("
                    + item.path("item_price").asText("?") + " " + item.path("currency").asText("") + ")");
        }
        String text = field(order.path("text"));
        return "[order: " + (items.isEmpty() ? "no items" : String.join(", ", items)) + "]"
                + (text == null || text.isBlank() ? "" : " " + text);
    }

    /** A text field, cut to {@link #MAX_FIELD_CHARS}; null when absent or not text. */
    private static String field(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        if (text.length() <= MAX_FIELD_CHARS) {
            return text;
        }
        // Never half a surrogate pair.
        return text.substring(0, Character.isHighSurrogate(text.charAt(MAX_FIELD_CHARS - 1)) ? MAX_FIELD_CHARS - 1 : MAX_FIELD_CHARS);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }
}
