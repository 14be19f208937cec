package ai.crafted.integrations.credential;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.SealedSecret;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.secrets.AesGcmKeyring;
import ai.crafted.secrets.Transport;

/**
 * The two keyrings: one for secrets at rest, one for secrets on Kafka. Parsed once at start-up
 * (a bad key fails the start, not a request).
 */
@ApplicationScoped
public class CredentialKeyrings {

    private final AesGcmKeyring atRest;
    private final AesGcmKeyring transport;

    public CredentialKeyrings(IntegrationsConfig config, @Transport AesGcmKeyring transport) {
        var c = config.credentials();
        this.atRest = AesGcmKeyring.parse(c.atRestKeyring(), c.atRestActiveKeyId());
        this.transport = transport;
    }

    public void store(CredentialEntity credential, String secret) {
        credential.storeSealed(atRest.seal(secret, aad(credential)));
        credential.fingerprint = atRest.fingerprint(secret);
    }

    /** The stored secret in plaintext, for a connection test made here (never logged, never returned). */
    public String open(CredentialEntity credential) {
        return atRest.open(credential.sealedSecret(), aad(credential));
    }

    /** The stored secret re-sealed for the credential-updated topic. */
    public SealedSecret sealForTransport(CredentialEntity credential) {
        String secret = atRest.open(credential.sealedSecret(), aad(credential));
        return transport.seal(secret, aad(credential));
    }

    /** Seals any other write-only secret at rest (e.g. WhatsApp tokens), bound to {@code associatedData}. */
    public SealedSecret sealAtRest(String secret, String associatedData) {
        return atRest.seal(secret, associatedData);
    }

    public String openAtRest(SealedSecret sealed, String associatedData) {
        return atRest.open(sealed, associatedData);
    }

    public SealedSecret sealForTransport(String secret, String associatedData) {
        return transport.seal(secret, associatedData);
    }

    public String fingerprint(String secret) {
        return atRest.fingerprint(secret);
    }

    private static String aad(CredentialEntity credential) {
        return CredentialUpdatedEvent.associatedData(credential.organizationId, credential.id);
    }
}
