package ai.crafted.integrations.approval;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Turns approval rows into views with the names a person reads: the API key's name, the WhatsApp
 * app whose current gateway key it is, and the plugin's name, read from this service's own tables
 * when shown (so a renamed key or app reads with its new name; a deleted one without a name).
 * Runs in the caller's session.
 */
@ApplicationScoped
public class ApprovalAskers {

    /** The rows' views, in their order. */
    public Uni<List<ApprovalView>> views(UUID organizationId, List<ApprovalEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<UUID> keys = rows.stream().map(r -> r.apiKeyId).filter(Objects::nonNull).collect(Collectors.toSet());
        Set<UUID> plugins = rows.stream().map(r -> r.integrationId).filter(Objects::nonNull).collect(Collectors.toSet());
        return names("select k.id, k.name from ApiKeyEntity k where k.organizationId = :org and k.id in :ids", organizationId, keys)
                .chain(keyNames -> apps(organizationId, keys).chain(apps -> names("select i.id, i.displayName from IntegrationEntity i"
                        + " where i.organizationId = :org and i.id in :ids", organizationId, plugins).map(pluginNames -> {
                            Instant now = Instant.now();
                            return rows.stream().map(row -> view(row, now, keyNames, apps.get(row.apiKeyId), pluginNames)).toList();
                        })));
    }

    private Uni<Map<UUID, String>> names(String query, UUID organizationId, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>()); // HashMap: get(null) answers null
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery(query, Object[].class)
                .setParameter("org", organizationId).setParameter("ids", ids).getResultList())
                .map(found -> {
                    Map<UUID, String> byId = new HashMap<>();
                    found.forEach(r -> byId.put((UUID) r[0], (String) r[1]));
                    return byId;
                });
    }

    /** The WhatsApp apps whose current gateway key is one of {@code keys}, by that key. */
    private Uni<Map<UUID, Object[]>> apps(UUID organizationId, Set<UUID> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery("select a.gatewayApiKeyId, a.id, a.displayName"
                + " from WhatsAppAppEntity a where a.organizationId = :org and a.gatewayApiKeyId in :ids", Object[].class)
                .setParameter("org", organizationId).setParameter("ids", keys).getResultList())
                .map(found -> {
                    Map<UUID, Object[]> byKey = new HashMap<>();
                    found.forEach(r -> byKey.put((UUID) r[0], r));
                    return byKey;
                });
    }

    private static ApprovalView view(ApprovalEntity row, Instant now, Map<UUID, String> keyNames, Object[] app,
            Map<UUID, String> pluginNames) {
        String status = row.effectiveStatus(now);
        ApprovalView.SentDecision sent = row.decisionAt != null && "pending".equals(status)
                ? new ApprovalView.SentDecision(Boolean.TRUE.equals(row.decisionApprove) ? "approve" : "deny", row.decisionBy,
                        row.decisionAt)
                : null;
        return new ApprovalView(row.id, row.version, status, row.surface, row.apiKeyId,
                row.apiKeyId == null ? null : keyNames.get(row.apiKeyId), app == null ? null : (UUID) app[1],
                app == null ? null : (String) app[2], row.conversation, row.integrationId,
                row.integrationId == null ? null : pluginNames.get(row.integrationId), row.toolCallId, row.exposedName,
                row.toolName, row.toolHash, row.arguments, row.argumentsSha256, row.requestedAt, row.expiresAt, row.decidedAt,
                row.decidedBy, row.reason, sent);
    }
}
