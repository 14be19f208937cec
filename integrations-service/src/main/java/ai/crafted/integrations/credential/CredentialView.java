package ai.crafted.integrations.credential;

import java.time.Duration;
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
     * @param stepUpScope scope MCP servers refused calls for (403 {@code insufficient_scope}) that the grant
     *                    lacks: the next connect asks for it; null when none
     * @param refreshTokenExpiresAt when the grant's refresh token expires, if the authorization server said
     *                    ({@code refresh_token_expires_in}); after it only a new connect helps
     * @param warning     what to do while the credential still works (see {@link OAuthWarning}); null when nothing
     */
    @Schema(name = "CredentialOAuth")
    public record OAuth(String status, String resource, String scope, String clientId, Instant expiresAt,
            Instant connectedAt, String problem, String stepUpScope, Instant refreshTokenExpiresAt, String warning) {
    }

    /** @param warningWindow how long before the refresh token's expiry {@code warning} names it */
    static CredentialView of(CredentialEntity e, Duration warningWindow) {
        OAuth oauth = e.isOAuth() ? new OAuth(e.oauthStatus, e.oauthResource, e.oauthScope, e.oauthClientId, e.oauthExpiresAt,
                e.oauthConnectedAt, e.oauthProblem, e.oauthStepUpScope, e.oauthRefreshTokenExpiresAt,
                OAuthWarning.of(e, warningWindow, Instant.now())) : null;
        return new CredentialView(e.id, e.name, e.type, e.headerName, e.fingerprint, e.createdAt, e.rotatedAt, oauth);
    }
}
