package ai.crafted.gateway.approval;

import java.util.List;
import java.util.UUID;

import ai.crafted.events.ApprovalUpdatedEvent;

/**
 * Who a chat request's approvals are bound to, and the approvals it carries.
 *
 * @param organizationId the API key's organisation
 * @param apiKeyId       the API key the request came with
 * @param surface        {@link ApprovalUpdatedEvent#SURFACE_API} or {@link ApprovalUpdatedEvent#SURFACE_WHATSAPP}
 *                       (the request's {@code surface}; shown to approvers, not a binding)
 * @param conversation   the request's {@code conversation}, or null
 * @param carried        the approval ids of the request's {@code approvals}; empty when none
 */
public record ApprovalScope(UUID organizationId, UUID apiKeyId, String surface, String conversation, List<UUID> carried) {

    public ApprovalScope {
        carried = carried == null ? List.of() : List.copyOf(carried);
    }

    /** A request without approvals, conversation or surface: the API surface. */
    public static ApprovalScope api(UUID organizationId, UUID apiKeyId) {
        return new ApprovalScope(organizationId, apiKeyId, ApprovalUpdatedEvent.SURFACE_API, null, List.of());
    }
}
