package ai.crafted.integrations.approval;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One approval request as the API shows it: the gateway's latest state, who asked (the API key,
 * and the WhatsApp app whose gateway key it is), and a decision sent from here the gateway has not
 * applied yet ({@code sentDecision}).
 *
 * @param status        pending, approved, denied, expired (a pending one past {@code expiresAt} reads expired), used
 * @param apiKeyName    the name of the API key the request came with; null when the key is gone
 * @param whatsappAppId the WhatsApp app whose gateway key asked; null for other API keys
 * @param pluginName    the plugin's display name; null when it is gone
 * @param arguments     the call's arguments, JSON text exactly as the model wrote them
 */
public record ApprovalView(
        UUID id,
        long version,
        String status,
        String surface,
        UUID apiKeyId,
        String apiKeyName,
        UUID whatsappAppId,
        String whatsappAppName,
        String conversation,
        UUID integrationId,
        String pluginName,
        String toolCallId,
        String exposedName,
        String toolName,
        String toolHash,
        String arguments,
        String argumentsSha256,
        Instant requestedAt,
        Instant expiresAt,
        Instant decidedAt,
        String decidedBy,
        String reason,
        @Schema(description = "the decision sent to the gateway from here, while the approval still reads pending; null otherwise")
        SentDecision sentDecision) {

    /** A decision sent to the gateway ({@code approval-decided}). */
    public record SentDecision(String decision, String by, Instant at) {
    }
}
