package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;


/**
 * Published on {@link Topics#CREDENTIAL_UPDATED}, keyed by {@code credentialId}, when a
 * credential is created, rotated or deleted. The secret travels only sealed with the transport
 * keyring (never in plaintext); services that call MCP servers open it in memory.
 *
 * @param type        {@code bearer}, {@code header} or {@code oauth} (the secret is an OAuth access
 *                    token, sent like a bearer token)
 * @param headerName  the HTTP header the secret goes in ("Authorization" for bearer and oauth credentials)
 * @param secret      null when {@code changeType} is deleted, and for an OAuth credential that
 *                    was never connected
 * @param oauthStatus for type oauth: {@code pending}, {@code connected} or {@code reconnect_needed}
 *                    (the grant was refused on refresh: the secret, if any, no longer works and an
 *                    admin must connect again); null for the other types
 */
public record CredentialUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        ChangeType changeType,
        UUID organizationId,
        UUID credentialId,
        long version,
        String type,
        String headerName,
        SealedSecret secret,
        String oauthStatus) {

    public static final int SCHEMA_VERSION = 1;

    /** Associated data binding a sealed secret to its credential, so it cannot be replayed for another. */
    public static String associatedData(UUID organizationId, UUID credentialId) {
        return "credential:" + organizationId + ":" + credentialId;
    }
}
