package ai.crafted.integrations.integration;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.ApiException;

/**
 * Checks that an integration's {@code credentialId} names a credential of the same organisation.
 * Stored credentials arrive with the credentials API; until then no id can match.
 */
@ApplicationScoped
public class CredentialReferences {

    public Uni<Void> requireOwned(UUID organizationId, UUID credentialId) {
        if (credentialId == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().failure(ApiException.invalidConfig("credentialId",
                "credentialId " + credentialId + " is not a credential of this organisation"));
    }
}
