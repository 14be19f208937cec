package ai.crafted.catalog.credential;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.crypto.AesGcmKeyring;

/**
 * Credentials for calling MCP servers, opened from the sealed {@code credential-updated} events
 * and kept only in memory (never written to our database or logs). A rotation replaces the
 * secret as soon as its event arrives.
 */
@ApplicationScoped
public class CredentialVault {

    private final Map<UUID, CredentialSecret> secrets = new ConcurrentHashMap<>();
    private final AesGcmKeyring transport;

    public CredentialVault(CatalogConfig config) {
        this.transport = AesGcmKeyring.parse(config.credentials().transportKeyring(),
                config.credentials().transportActiveKeyId());
    }

    public void apply(CredentialUpdatedEvent event) {
        secrets.compute(event.credentialId(), (id, current) -> {
            if (current != null && current.version() > event.version()) {
                return current;
            }
            if (event.changeType() == ChangeType.DELETED || event.secret() == null) {
                return null;
            }
            String secret = transport.open(event.secret(),
                    CredentialUpdatedEvent.associatedData(event.organizationId(), id));
            return new CredentialSecret(event.organizationId(), event.version(), event.type(), event.headerName(), secret);
        });
    }

    /** The auth headers for a credential of this organisation, if we hold it. */
    public Optional<Map<String, String>> headersFor(UUID organizationId, UUID credentialId) {
        return Optional.ofNullable(secrets.get(credentialId))
                .filter(s -> s.organizationId().equals(organizationId))
                .map(CredentialSecret::headers);
    }
}
