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
 * The PKCE code verifier is sealed at rest.
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

    @Column(name = "verifier_key_id", nullable = false)
    public String verifierKeyId;

    @Column(name = "verifier_nonce", nullable = false)
    public String verifierNonce;

    @Column(name = "verifier_sealed", nullable = false)
    public String verifierSealed;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    SealedSecret sealedVerifier() {
        return new SealedSecret(verifierKeyId, verifierNonce, verifierSealed);
    }

    void storeSealedVerifier(SealedSecret sealed) {
        verifierKeyId = sealed.keyId();
        verifierNonce = sealed.nonce();
        verifierSealed = sealed.ciphertext();
    }
}
