package ai.crafted.integrations.credential;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import ai.crafted.events.SealedSecret;

/** A write-only secret of one organisation; only its AES-GCM ciphertext is stored. */
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

    public SealedSecret sealedSecret() {
        return new SealedSecret(secretKeyId, secretNonce, secretCiphertext);
    }

    public void storeSealed(SealedSecret sealed) {
        secretKeyId = sealed.keyId();
        secretNonce = sealed.nonce();
        secretCiphertext = sealed.ciphertext();
    }
}
