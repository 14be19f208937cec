package ai.crafted.integrations.approval;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An organisation's approval webhook.
 *
 * @param secret the signing secret: only in the answer of the {@code PUT} that generated it
 */
public record ApprovalWebhookView(
        String url,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "the signing secret; only in the PUT's answer, never again: store it now") String secret,
        Instant createdAt,
        String createdBy) {
}
