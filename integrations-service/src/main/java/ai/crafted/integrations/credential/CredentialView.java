package ai.crafted.integrations.credential;

import java.time.Instant;
import java.util.UUID;

/** Credential metadata; the secret itself is never part of any response. */
public record CredentialView(UUID id, String name, String type, String headerName, String fingerprint,
        Instant createdAt, Instant rotatedAt) {

    static CredentialView of(CredentialEntity e) {
        return new CredentialView(e.id, e.name, e.type, e.headerName, e.fingerprint, e.createdAt, e.rotatedAt);
    }
}
