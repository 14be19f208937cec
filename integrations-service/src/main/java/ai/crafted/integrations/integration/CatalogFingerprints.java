package ai.crafted.integrations.integration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ConfigFingerprint;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.CredentialRepository;

/**
 * The fingerprint of each integration's current configuration (endpoint, transport, timeout,
 * credential id and version), computed exactly as catalog-refresher stamps its catalogs: a stored
 * catalog is shown only while they agree. Must run inside a Hibernate Reactive session.
 */
@ApplicationScoped
public class CatalogFingerprints {

    private final CredentialRepository credentials;

    public CatalogFingerprints(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    /**
     * The organisation's credentials by id, read in one query, or none without a query when no
     * integration given uses one.
     */
    public Uni<Map<UUID, CredentialEntity>> credentialsOf(UUID organizationId, Collection<IntegrationEntity> integrations) {
        return integrations.stream().anyMatch(i -> i.credentialId != null)
                ? credentials.listIn(organizationId).map(all -> all.stream().collect(Collectors.toMap(c -> c.id, c -> c)))
                : Uni.createFrom().item(Map.of());
    }

    /** Fingerprints by integration id, given the credentials of {@link #credentialsOf}. */
    public static Map<UUID, String> of(Collection<IntegrationEntity> integrations, Map<UUID, CredentialEntity> credentials) {
        return integrations.stream().collect(Collectors.toMap(i -> i.id, i -> fingerprint(i, credentials), (a, b) -> a));
    }

    /** Fingerprints by integration id; one query for the organisation's credentials when any is used. */
    public Uni<Map<UUID, String>> of(UUID organizationId, Collection<IntegrationEntity> integrations) {
        return credentialsOf(organizationId, integrations).map(used -> of(integrations, used));
    }

    public Uni<String> of(IntegrationEntity integration) {
        return of(integration.organizationId, List.of(integration)).map(all -> all.get(integration.id));
    }

    private static String fingerprint(IntegrationEntity integration, Map<UUID, CredentialEntity> credentials) {
        CredentialEntity credential = integration.credentialId == null ? null : credentials.get(integration.credentialId);
        return ConfigFingerprint.of(integration.config(), integration.credentialId, credential == null ? -1 : credential.version);
    }
}
