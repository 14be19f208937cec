package ai.crafted.integrations.approval;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;


/**
 * The optional body of approve and deny: the approver's note (one line), kept with the approval
 * and in the audit log.
 */
public record ApprovalDecisionRequest(
        @Size(max = ApprovalDecisionRequest.MAX_REASON, message = "must be at most 500 characters")
        @Schema(description = "why; at most 500 characters", examples = "Ticket OPS-142: the customer asked for it") String reason) {

    public static final int MAX_REASON = 500;
}
