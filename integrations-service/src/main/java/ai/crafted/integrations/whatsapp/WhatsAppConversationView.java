package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One conversation of a WhatsApp app as the control panel shows it: every message in and out,
 * oldest first, with what became of it.
 */
public record WhatsAppConversationView(UUID conversationId, String customer, List<Message> messages) {

    /** The states that count as a problem in a conversation (the list's {@code problems}, the UI's highlight). */
    public static final List<String> PROBLEMS = List.of("failed", "undeliverable", "skipped", "parked");
    /** The states of a customer's message an operator may act on (retry, mark failed). */
    public static final List<String> ACTIONABLE = List.of("parked", "failed");

    /**
     * A message: the customer's ({@code inbound}: {@code replied}, {@code skipped},
     * {@code undeliverable}, {@code failed}, {@code parked} — its reply was interrupted while
     * being sent and waits for an operator —, or {@code sending} while an operator's retry runs)
     * or a part of a reply ({@code outbound}: {@code accepted}, {@code sent}, {@code delivered},
     * {@code read}, {@code failed}), with Meta's error code and the reason when something went wrong.
     */
    public record Message(String direction, String wamid, String inboundWamid, int part, String text, String status,
            Integer errorCode, String errorText, Instant createdAt, Instant statusAt) {

        /** Whether the status says something went wrong (for the UI's highlight). */
        public boolean problem() {
            return PROBLEMS.contains(status);
        }

        /** Whether an operator may retry it or mark it failed: a customer's message that is parked or failed. */
        public boolean actionable() {
            return "inbound".equals(direction) && ACTIONABLE.contains(status);
        }
    }

    /**
     * A customer's message that needs an operator (status {@code parked}): where it is, what the
     * customer wrote, why it is parked and since when.
     */
    public record Parked(UUID conversationId, String customer, String wamid, String text, String status, String errorText,
            Instant createdAt, Instant statusAt) {
    }

    /** A page of an app's parked messages, the longest waiting first; {@code page} counts from 0. */
    public record ParkedPage(List<Parked> items, int page, int size, long total) {
    }

    /** A line of an app's conversation list: who, when last, how many messages, how many went wrong. */
    public record Summary(UUID conversationId, String customer, Instant lastMessageAt, long messages, long problems) {
    }

    /** A page of an app's conversations, the most recent first; {@code page} counts from 0. */
    public record Page(List<Summary> items, int page, int size, long total) {
    }
}
