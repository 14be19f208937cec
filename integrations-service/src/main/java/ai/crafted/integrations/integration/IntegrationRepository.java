package ai.crafted.integrations.integration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationRecords;

@ApplicationScoped
public class IntegrationRepository implements OrganizationRecords<IntegrationEntity> {

    /** Searched by display name and slug; sorted by name, slug, created or updated. */
    @Override
    public List<String> searchedFields() {
        return List.of("displayName", "slug");
    }

    @Override
    public Map<String, String> sortFields() {
        return Map.of("name", "displayName", "slug", "slug", "created", "createdAt", "updated", "updatedAt");
    }

    /**
     * The first of {@code ids} that is not an integration of the organisation (in their order; a
     * null element counts, as {@code "null"}), as text for an error message, or empty when all are
     * (or none is given): one query, for the selections that name integrations (a WhatsApp app's
     * plugins, an API key's scope). Runs in the caller's session.
     */
    public Uni<java.util.Optional<String>> firstNotOwned(UUID organizationId, List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().item(java.util.Optional.empty());
        }
        return find("organizationId = ?1 and id in ?2", organizationId, ids).list().map(found -> {
            java.util.Set<UUID> owned = new java.util.HashSet<>();
            found.forEach(integration -> owned.add(integration.id));
            for (UUID id : ids) {
                if (id == null || !owned.contains(id)) {
                    return java.util.Optional.of(String.valueOf(id));
                }
            }
            return java.util.Optional.<String>empty();
        });
    }

    /** Which of {@code ids} are integrations of the organisation (one query; none given: none). Runs in the caller's session. */
    public Uni<java.util.Set<UUID>> ownedAmong(UUID organizationId, java.util.Collection<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return find("organizationId = ?1 and id in ?2", organizationId, ids).list()
                .map(found -> found.stream().map(integration -> integration.id).collect(java.util.stream.Collectors.toSet()));
    }

    public Uni<IntegrationEntity> findForUpdate(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
