package ai.crafted.integrations.integration;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.credential.CredentialRepository;
import ai.crafted.integrations.error.ApiException;

/** Checks that an integration's {@code credentialId} names a credential of the same organisation. */
@ApplicationScoped
public class CredentialReferences {

    private final CredentialRepository credentials;

    public CredentialReferences(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    public Uni<Void> requireOwned(UUID organizationId, UUID credentialId) {
        if (credentialId == null) {
            return Uni.createFrom().voidItem();
        }
        return credentials.findOwned(organizationId, credentialId)
                .onItem().ifNull().failWith(() -> ApiException.invalidConfig("credentialId",
                        "credentialId " + credentialId + " is not a credential of this organisation"))
                .replaceWithVoid();
    }
}
