package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One conversation of a WhatsApp app as the control panel shows it: every message in and out,
 * oldest first, with what became of it.
 */
public record WhatsAppConversationView(UUID conversationId, String customer, List<Message> messages) {

    /**
     * A message: the customer's ({@code inbound}: {@code replied}, {@code skipped},
     * {@code undeliverable}, {@code failed}) or a part of a reply ({@code outbound}:
     * {@code accepted}, {@code sent}, {@code delivered}, {@code read}, {@code failed}), with
     * Meta's error code and the reason when something went wrong.
     */
    public record Message(String direction, String wamid, String inboundWamid, int part, String text, String status,
            Integer errorCode, String errorText, Instant createdAt, Instant statusAt) {

        /** Whether the status says something went wrong (for the UI's highlight). */
        public boolean problem() {
            return "failed".equals(status) || "undeliverable".equals(status) || "skipped".equals(status);
        }
    }

    /** A line of an app's conversation list: who, when last, how many messages, how many went wrong. */
    public record Summary(UUID conversationId, String customer, Instant lastMessageAt, long messages, long problems) {
    }

    /** An app's conversations, the most recent first. */
    public record Page(List<Summary> items) {
    }
}
