package ai.crafted.integrations.governance;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The governance tables of one plugin (settings, catalog versions, tool versions, policies). Every
 * method runs in the caller's session; callers check the plugin belongs to the organisation first.
 */
@ApplicationScoped
public class ToolGovernanceStore {

    public Uni<ToolGovernanceEntity> settings(UUID integrationId) {
        return Panache.getSession().chain(s -> s.find(ToolGovernanceEntity.class, integrationId));
    }

    /** The newest catalog version, or null before the first. */
    public Uni<ToolCatalogVersionEntity> latestVersion(UUID integrationId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ToolCatalogVersionEntity where integrationId = ?1 order by number desc", ToolCatalogVersionEntity.class)
                .setParameter(1, integrationId).setMaxResults(1).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Newest first. */
    public Uni<List<ToolCatalogVersionEntity>> versions(UUID integrationId, int offset, int limit) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ToolCatalogVersionEntity where integrationId = ?1 order by number desc", ToolCatalogVersionEntity.class)
                .setParameter(1, integrationId).setFirstResult(offset).setMaxResults(limit).getResultList());
    }

    public Uni<Long> versionCount(UUID integrationId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select count(*) from ToolCatalogVersionEntity where integrationId = ?1", Long.class)
                .setParameter(1, integrationId).getSingleResult());
    }

    /** Every stored version of every tool of the plugin. */
    public Uni<List<ToolVersionEntity>> toolVersions(UUID integrationId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ToolVersionEntity where integrationId = ?1", ToolVersionEntity.class)
                .setParameter(1, integrationId).getResultList());
    }

    /** Every policy row of the plugin, also of tools the current catalog does not list. */
    public Uni<List<ToolPolicyEntity>> policies(UUID integrationId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ToolPolicyEntity where integrationId = ?1", ToolPolicyEntity.class)
                .setParameter(1, integrationId).getResultList());
    }

    /** The latest catalog version of each of these plugins (one query), for the tool preview. */
    public Uni<List<ToolCatalogVersionEntity>> latestVersions(List<UUID> integrationIds) {
        if (integrationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery("from ToolCatalogVersionEntity v where"
                + " v.integrationId in ?1 and v.number = (select max(w.number) from ToolCatalogVersionEntity w"
                + " where w.integrationId = v.integrationId)", ToolCatalogVersionEntity.class)
                .setParameter(1, integrationIds).getResultList());
    }

    /** The policy rows of these plugins (one query), for the tool preview. */
    public Uni<List<ToolPolicyEntity>> policiesOf(List<UUID> integrationIds) {
        if (integrationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from ToolPolicyEntity where integrationId in ?1", ToolPolicyEntity.class)
                .setParameter(1, integrationIds).getResultList());
    }

    public Uni<Void> persist(Object entity) {
        return Panache.getSession().chain(s -> s.persist(entity));
    }
}
