package ai.crafted.catalog.credential;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.credentials.CredentialSecrets;
import ai.crafted.events.crypto.AesGcmKeyring;

/** The refresher's credentials, opened from {@code credential-updated} and held in memory only. */
@ApplicationScoped
public class CredentialVault {

    private final CredentialSecrets secrets;

    public CredentialVault(CatalogConfig config) {
        this.secrets = new CredentialSecrets(AesGcmKeyring.parse(config.credentials().transportKeyring(),
                config.credentials().transportActiveKeyId()));
    }

    public void apply(CredentialUpdatedEvent event) {
        secrets.apply(event);
    }

    public Optional<Map<String, String>> headersFor(UUID organizationId, UUID credentialId) {
        return secrets.headersFor(organizationId, credentialId);
    }
}
