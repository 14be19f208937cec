package ai.crafted.integrations.credential;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import ai.crafted.events.SealedSecret;

/**
 * A write-only secret of one organisation; only its AES-GCM ciphertext is stored. For an OAuth
 * credential the secret is the current access token (absent until connected) and the
 * {@code oauth*} fields hold the grant around it.
 */
@Entity
@Table(name = "credentials")
public class CredentialEntity {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false, updatable = false)
    public UUID organizationId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false, updatable = false)
    public String type;

    @Column(name = "header_name", nullable = false, updatable = false)
    public String headerName;

    @Column(name = "secret_key_id", nullable = false)
    public String secretKeyId;

    @Column(name = "secret_nonce", nullable = false)
    public String secretNonce;

    @Column(name = "secret_ciphertext", nullable = false)
    public String secretCiphertext;

    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Version
    public long version;

    // --- OAuth credentials only (type oauth); null for the others ---

    /** {@code pending} (never connected), {@code connected}, or {@code reconnect_needed}. */
    @Column(name = "oauth_status")
    public String oauthStatus;

    /** The MCP server the grant is for: the resource indicator (RFC 8707) and where discovery starts. */
    @Column(name = "oauth_resource")
    public String oauthResource;

    /** The scope asked for at the last connect. */
    @Column(name = "oauth_scope")
    public String oauthScope;

    /** The client id: pre-registered, from dynamic registration, or our metadata document's URL. */
    @Column(name = "oauth_client_id")
    public String oauthClientId;

    /** What discovery found, for refreshes: the resource indicator and the authorization server's metadata (JSON, see StoredTarget). */
    @Column(name = "oauth_target")
    public String oauthTarget;

    /** When the current access token expires; null when the server gave no lifetime. */
    @Column(name = "oauth_expires_at")
    public Instant oauthExpiresAt;

    /** When the access token is refreshed; null when it does not expire. */
    @Column(name = "oauth_refresh_at")
    public Instant oauthRefreshAt;

    @Column(name = "oauth_grant_key_id")
    public String oauthGrantKeyId;

    @Column(name = "oauth_grant_nonce")
    public String oauthGrantNonce;

    /** The sealed {@code OAuthGrantSecrets} JSON: refresh token, client secret, client authentication method. */
    @Column(name = "oauth_grant_sealed")
    public String oauthGrantSealed;

    /** Why a reconnect is needed, or why the last connect failed; never contains a token. */
    @Column(name = "oauth_problem")
    public String oauthProblem;

    @Column(name = "oauth_connected_at")
    public Instant oauthConnectedAt;

    /** Scope MCP servers asked for beyond the grant (403 insufficient_scope); the next connect asks for it. */
    @Column(name = "oauth_step_up_scope")
    public String oauthStepUpScope;

    /** When the refresh token expires, if the authorization server said (refresh_token_expires_in). */
    @Column(name = "oauth_refresh_token_expires_at")
    public Instant oauthRefreshTokenExpiresAt;

    public SealedSecret sealedSecret() {
        return new SealedSecret(secretKeyId, secretNonce, secretCiphertext);
    }

    public SealedSecret sealedGrant() {
        return oauthGrantSealed == null ? null : new SealedSecret(oauthGrantKeyId, oauthGrantNonce, oauthGrantSealed);
    }

    public void storeSealedGrant(SealedSecret sealed) {
        oauthGrantKeyId = sealed.keyId();
        oauthGrantNonce = sealed.nonce();
        oauthGrantSealed = sealed.ciphertext();
    }

    public boolean isOAuth() {
        return CredentialType.OAUTH.equals(type);
    }

    public void storeSealed(SealedSecret sealed) {
        secretKeyId = sealed.keyId();
        secretNonce = sealed.nonce();
        secretCiphertext = sealed.ciphertext();
    }
}
