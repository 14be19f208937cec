package ai.crafted.catalog.credential;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.secrets.CredentialSecrets;

/** The refresher's credentials, opened from {@code credential-updated} and held in memory only. */
public class CredentialStoreProducer {

    @Produces
    @Singleton
    CredentialSecrets credentialSecrets(CatalogConfig config) {
        return CredentialSecrets.fromTransportKeyring(config.credentials().transportKeyring(),
                config.credentials().transportActiveKeyId());
    }
}
