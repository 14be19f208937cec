package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of one approval request for a tool call that needs a human's approval, published
 * by gateway-service (the approvals' owner, transactional outbox) on the compacted
 * {@link Topics#APPROVAL_UPDATED} keyed by approval id after every change: created
 * ({@code pending}), decided ({@code approved}/{@code denied}), {@code expired}, {@code used}.
 *
 * <p>An approval is bound to the organisation, the surface (the API key the request came with,
 * and the conversation it named, if any), the tool (plugin, MCP name, and the tool's accepted
 * version hash) and the SHA-256 of the call's arguments in RFC 8785 canonical form. It covers
 * exactly one call with exactly those arguments, once, before {@code expiresAt}.
 *
 * @param version         grows with every change of the approval; readers ignore older ones
 * @param status          one of {@link #PENDING}, {@link #APPROVED}, {@link #DENIED}, {@link #EXPIRED}, {@link #USED}
 * @param surface         {@link #SURFACE_API} or {@link #SURFACE_WHATSAPP}
 * @param apiKeyId        the API key of the request that asked for it (a WhatsApp app's own key for WhatsApp)
 * @param conversation    the conversation the request named (WhatsApp: the worker's conversation
 *                        id); null when it named none
 * @param toolCallId      the model's id for the call ({@code call_…})
 * @param exposedName     the tool's name as the model saw it
 * @param toolName        the tool's name as its MCP server lists it
 * @param toolHash        the tool's version hash when the call was asked for
 * @param arguments       the call's arguments, JSON text as the model wrote them (shown to the approver)
 * @param argumentsSha256 hex SHA-256 of the arguments' RFC 8785 canonical form
 * @param decidedBy       who approved or denied (the control panel's user subject); null otherwise
 * @param reason          the approver's note, or why it expired; may be null
 */
public record ApprovalUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID approvalId,
        long version,
        String status,
        String surface,
        UUID apiKeyId,
        String conversation,
        UUID integrationId,
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
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    public static final String EXPIRED = "expired";
    public static final String USED = "used";

    public static final String SURFACE_API = "api";
    public static final String SURFACE_WHATSAPP = "whatsapp";

    /** Whether the approval can no longer change (denied, expired or used). */
    public boolean settled() {
        return DENIED.equals(status) || EXPIRED.equals(status) || USED.equals(status);
    }
}
