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

    /** Fingerprints by integration id; one query for the organisation's credential versions when any is used. */
    public Uni<Map<UUID, String>> of(UUID organizationId, Collection<IntegrationEntity> integrations) {
        Uni<Map<UUID, Long>> versions = integrations.stream().anyMatch(i -> i.credentialId != null)
                ? credentials.listIn(organizationId).map(all -> all.stream()
                        .collect(Collectors.toMap(c -> c.id, (CredentialEntity c) -> c.version)))
                : Uni.createFrom().item(Map.of());
        return versions.map(known -> integrations.stream()
                .collect(Collectors.toMap(i -> i.id, i -> fingerprint(i, known), (a, b) -> a)));
    }

    public Uni<String> of(IntegrationEntity integration) {
        return of(integration.organizationId, List.of(integration)).map(all -> all.get(integration.id));
    }

    private static String fingerprint(IntegrationEntity integration, Map<UUID, Long> credentialVersions) {
        long version = integration.credentialId == null ? -1
                : credentialVersions.getOrDefault(integration.credentialId, -1L);
        return ConfigFingerprint.of(integration.config(), integration.credentialId, version);
    }
}
