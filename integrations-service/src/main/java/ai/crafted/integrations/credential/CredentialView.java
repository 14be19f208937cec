package ai.crafted.integrations.credential;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Credential metadata; the secret itself is never part of any response. {@code fingerprint} is
 * null for an OAuth credential that holds no token yet; {@code oauth} is null for the other types.
 */
public record CredentialView(UUID id, String name, String type, String headerName, String fingerprint,
        Instant createdAt, Instant rotatedAt, OAuth oauth) {

    /**
     * The state of an OAuth grant. Tokens and the client secret are never shown.
     *
     * @param status      {@code pending} (connect has not completed yet), {@code connected}, or
     *                    {@code reconnect_needed} (a refresh was refused: connect again)
     * @param resource    the MCP server the grant is bound to
     * @param scope       the scope asked for at the last connect
     * @param clientId    the client id used with the authorization server
     * @param expiresAt   when the current access token expires (it is refreshed before); null if unknown
     * @param connectedAt when the last connect completed
     * @param problem     why a reconnect is needed or why the last connect failed; null when all is well
     */
    @Schema(name = "CredentialOAuth")
    public record OAuth(String status, String resource, String scope, String clientId, Instant expiresAt,
            Instant connectedAt, String problem) {
    }

    static CredentialView of(CredentialEntity e) {
        OAuth oauth = e.isOAuth() ? new OAuth(e.oauthStatus, e.oauthResource, e.oauthScope, e.oauthClientId, e.oauthExpiresAt,
                e.oauthConnectedAt, e.oauthProblem) : null;
        return new CredentialView(e.id, e.name, e.type, e.headerName, e.fingerprint, e.createdAt, e.rotatedAt, oauth);
    }
}
