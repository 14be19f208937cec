package ai.crafted.integrations.oauth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import ai.crafted.events.SealedSecret;

/**
 * An authorization started by connect and not yet completed: found by the SHA-256 of its
 * {@code state}, single use (deleted when its callback arrives), valid until {@code expiresAt}.
 * It keeps what it was started with (target, scope, client), which the credential takes over
 * only when the callback succeeds; the PKCE code verifier and the client's secret are sealed.
 */
@Entity
@Table(name = "oauth_authorizations")
public class PendingAuthorizationEntity {

    @Id
    @Column(name = "state_hash")
    public String stateHash;

    @Column(name = "credential_id", nullable = false)
    public UUID credentialId;

    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;

    /** {@link StoredTarget} JSON. */
    @Column(nullable = false)
    public String target;

    public String scope;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "secrets_key_id", nullable = false)
    public String secretsKeyId;

    @Column(name = "secrets_nonce", nullable = false)
    public String secretsNonce;

    /** Sealed {@code PendingSecrets} JSON. */
    @Column(name = "secrets_sealed", nullable = false)
    public String secretsSealed;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    /** SHA-256 of the cookie value set on the browser that started the authorization. */
    @Column(name = "browser_binding", nullable = false)
    public String browserBinding;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    SealedSecret sealedSecrets() {
        return new SealedSecret(secretsKeyId, secretsNonce, secretsSealed);
    }

    void storeSealedSecrets(SealedSecret sealed) {
        secretsKeyId = sealed.keyId();
        secretsNonce = sealed.nonce();
        secretsSealed = sealed.ciphertext();
    }
}
