package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An MCP server refused a call made with an OAuth credential's token for lack of scope (HTTP 403
 * with a Bearer challenge {@code error="insufficient_scope"}, RFC 6750 section 3.1; the MCP
 * authorization specification's "step-up authorization flow"), published by the service that
 * made the call on {@link Topics#CREDENTIAL_STEP_UP_REQUESTED} keyed by credential id.
 * integrations-service, the credential's owner, keeps the scope so that the next connect asks
 * for it, and shows that a reconnect is needed for it. No token is part of it.
 *
 * @param credentialVersion the credential version whose token was refused
 * @param scope             the space-separated scopes the challenge named (RFC 6749 section 3.3)
 * @param integrationId     the plugin whose call was refused
 * @param toolName          the MCP tool that was called, or null (a listing)
 */
public record CredentialStepUpRequestedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID credentialId,
        long credentialVersion,
        String scope,
        UUID integrationId,
        String toolName) {

    public static final int SCHEMA_VERSION = 1;
}
