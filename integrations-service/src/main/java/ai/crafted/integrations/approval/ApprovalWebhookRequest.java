package ai.crafted.integrations.approval;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT …/approval-webhook}: where new pending approvals are POSTed (public https, like MCP endpoints). */
public record ApprovalWebhookRequest(
        @NotBlank(message = "is required") @Size(max = 2000, message = "must be at most 2000 characters")
        @Schema(examples = "https://hooks.example.com/crafted/approvals") String url) {
}
