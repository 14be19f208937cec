package ai.crafted.integrations.trial;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool trial as the API shows it: {@code status} is {@code pending} until the gateway answers,
 * then its outcome ({@code ok}, {@code tool_error}, {@code bad_arguments}, {@code error},
 * {@code refused}, {@code expired}) with {@code result} (the text a model would have read) and
 * {@code durationMs} (milliseconds); {@value #UNANSWERED} when no answer can come any more.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolTrialView(UUID id, UUID integrationId, String toolName, JsonNode arguments, String requestedBy,
        Instant requestedAt, Instant expiresAt, String status, String result, Long durationMs, Instant completedAt) {

    /** A trial still pending long after it could have been answered. */
    public static final String UNANSWERED = "unanswered";

    /** Whether the gateway has answered (or never will). */
    public boolean done() {
        return !ToolTrialEntity.PENDING.equals(status);
    }

    /** Whether the gateway called the tool (its time then means something): not when refused, expired or unanswered. */
    public boolean called() {
        return "ok".equals(status) || "tool_error".equals(status) || "error".equals(status);
    }

    /** Whether the call worked (the tool answered without {@code isError}). */
    public boolean succeeded() {
        return "ok".equals(status);
    }

    /** The arguments laid out for reading. */
    public String argumentsText() {
        return arguments == null ? "{}" : arguments.toPrettyString();
    }
}
