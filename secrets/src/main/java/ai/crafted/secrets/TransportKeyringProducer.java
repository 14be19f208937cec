package ai.crafted.secrets;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The transport keyring and, for services that call MCP servers, the credential store it opens. */
public class TransportKeyringProducer {

    @Produces
    @Singleton
    @Transport
    AesGcmKeyring transportKeyring(TransportKeyringConfig config) {
        return AesGcmKeyring.parse(config.keyring(), config.activeKeyId());
    }

    @Produces
    @Singleton
    CredentialSecrets credentialSecrets(@Transport AesGcmKeyring transport) {
        return new CredentialSecrets(transport);
    }
}
