package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A human's decision about a pending approval, from integrations-service (control panel or
 * API, transactional outbox) to gateway-service on {@link Topics#APPROVAL_DECIDED}, keyed by
 * approval id: a command, not state. The gateway applies it only to a pending, unexpired
 * approval of that organisation and then publishes the result on {@link Topics#APPROVAL_UPDATED}.
 *
 * @param approve   true to approve the call, false to deny it
 * @param decidedBy the user's subject (the OIDC {@code sub} of the control panel's user)
 * @param reason    the approver's note; may be null
 */
public record ApprovalDecidedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID approvalId,
        boolean approve,
        String decidedBy,
        String reason) {

    public static final int SCHEMA_VERSION = 1;
}
