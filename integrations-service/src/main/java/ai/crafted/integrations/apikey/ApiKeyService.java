package ai.crafted.integrations.apikey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.events.ChangeType;
import ai.crafted.events.Topics;
import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.allowlist.ToolAllowlist;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.integration.IntegrationIdList;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.outbox.Outbox;
import ai.crafted.secrets.ApiKeys;

/** Gateway API keys: created (shown once), listed, revoked; the gateway learns both from events. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository repository;
    private final Outbox outbox;
    private final RequestChecks checks;
    private final IntegrationRepository integrations;

    private final AuditLog audit;
    private final OrganizationAccess access;

    public ApiKeyService(ApiKeyRepository repository, Outbox outbox, RequestChecks checks, IntegrationRepository integrations,
            AuditLog audit, OrganizationAccess access) {
        this.audit = audit;
        this.access = access;
        this.repository = repository;
        this.outbox = outbox;
        this.checks = checks;
        this.integrations = integrations;
    }

    /**
     * Creates a key as the request says.
     *
     * @throws ApiException 400 {@code invalid_request} (field {@code mcpPluginIds}) when the scope
     *                      names an id that is not one of the organisation's integrations, and
     *                      (field {@code allowedTools[i]…}) when the tool allowlist is malformed or
     *                      names a plugin outside the scope or the organisation
     */
    @WithTransaction
    public Uni<ApiKeyView> create(UUID organizationId, CreateApiKeyRequest request) {
        checks.validated(request);
        InvalidFields.throwIfAny(ToolAllowlist.problemsOf(request.allowedTools(), ErrorCodes.INVALID_REQUEST));
        List<UUID> scope = request.mcpPluginIds() == null ? null : new ArrayList<>(new LinkedHashSet<>(request.mcpPluginIds()));
        List<AllowedTool> allowed = ToolAllowlist.distinct(request.allowedTools());
        return requireOwnIntegrations(organizationId, scope)
                .chain(() -> integrations.ownedAmong(organizationId, ToolAllowlist.pluginIdsOf(allowed)))
                .invoke(owned -> InvalidFields.throwIfAny(ToolAllowlist.outsideProblems(allowed, owned, scope,
                        ErrorCodes.INVALID_REQUEST)))
                .chain(() -> issue(organizationId, request.name().trim(), request.expiresInDays() == null ? null
                        : Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(request.expiresInDays(), ChronoUnit.DAYS),
                        scope, allowed))
                .call(view -> allowed == null ? Uni.createFrom().voidItem()
                        : audit.record(organizationId, access.subject(), "api_key.tool_allowlist.set", "api_key",
                                view.id().toString(), JsonNodeFactory.instance.objectNode()
                                        .set("allowedTools", AuditLog.json(ToolAllowlist.refs(allowed)))));
    }

    /** Creates a key that works until revoked, for every plugin, inside the caller's transaction (WhatsApp apps' own keys). */
    public Uni<ApiKeyView> issue(UUID organizationId, String name) {
        return issue(organizationId, name, null, null, null);
    }

    /**
     * Records when the gateway last took a key (an {@code api-key-used} event): only ever later,
     * only for a key of that organisation; runs in the caller's session.
     */
    public Uni<Void> usedAt(UUID organizationId, UUID id, Instant usedAt) {
        return repository.update("lastUsedAt = ?1 where id = ?2 and organizationId = ?3 and (lastUsedAt is null or lastUsedAt < ?1)",
                usedAt.truncatedTo(ChronoUnit.MILLIS), id, organizationId).replaceWithVoid();
    }

    private Uni<Void> requireOwnIntegrations(UUID organizationId, List<UUID> ids) {
        return integrations.firstNotOwned(organizationId, ids).invoke(missing -> {
            if (missing.isPresent()) {
                // The same answer for another organisation's plugin as for a missing one.
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "mcpPluginIds names " + missing.get()
                        + ", which is not an MCP integration of this organisation", "mcpPluginIds");
            }
        }).replaceWithVoid();
    }

    /**
     * Creates a key inside the caller's transaction; {@code expiresAt} null: it works until revoked;
     * {@code scope} null: every plugin; {@code allowed} null: every tool of them.
     */
    private Uni<ApiKeyView> issue(UUID organizationId, String name, Instant expiresAt, List<UUID> scope,
            List<AllowedTool> allowed) {
        String key = ApiKeys.generate();
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = UUID.randomUUID();
        entity.organizationId = organizationId;
        entity.name = name;
        entity.prefix = key.substring(0, ApiKeys.PREFIX.length() + 6);
        entity.keyHash = ApiKeys.hash(key);
        entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        entity.expiresAt = expiresAt;
        entity.pluginIds(scope);
        entity.toolAllowlist(allowed);
        return repository.persist(entity)
                .call(saved -> publish(ChangeType.CREATED, saved))
                .map(saved -> ApiKeyView.created(saved, key));
    }

    @WithSession
    public Uni<ApiKeyPage> list(UUID organizationId, Paging paging) {
        return list(organizationId, ListQuery.of(paging));
    }

    /** A page of the keys matching the query's search, in its order. */
    @WithSession
    public Uni<ApiKeyPage> list(UUID organizationId, ListQuery query) {
        return repository.pageOf(organizationId, query, ApiKeyView::of, ApiKeyPage::new);
    }

    /** One key as listed (never the key itself), or null when the organisation has no such key. */
    @WithSession
    public Uni<ApiKeyView> find(UUID organizationId, UUID id) {
        return repository.findOwned(organizationId, id).map(k -> k == null ? null : ApiKeyView.of(k));
    }

    /**
     * The organisation's live keys (neither revoked nor expired) whose scope names the integration
     * (keys without a scope reach it too, and are not listed).
     */
    @WithSession
    public Uni<List<ApiKeyView>> scopedTo(UUID organizationId, UUID integrationId) {
        return repository.find("organizationId = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?3)"
                + " and mcpPluginIds like ?2 order by name", organizationId, IntegrationIdList.containing(integrationId),
                Instant.now()).list().map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    /** Which of these keys of the organisation are revoked (one query); runs in the caller's session. */
    public Uni<Set<UUID>> revokedAmong(UUID organizationId, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return repository.find("organizationId = ?1 and id in ?2 and revokedAt is not null", organizationId, ids).list()
                .map(keys -> keys.stream().map(k -> k.id).collect(Collectors.toSet()));
    }

    @WithTransaction
    public Uni<Void> revoke(UUID organizationId, UUID id) {
        return revokeInTransaction(organizationId, id);
    }

    /** Revokes inside the caller's transaction. */
    public Uni<Void> revokeInTransaction(UUID organizationId, UUID id) {
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key " + id))
                .chain(key -> {
                    if (key.revokedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    return publish(ChangeType.REVOKED, key);
                });
    }

    private Uni<Void> publish(ChangeType type, ApiKeyEntity key) {
        var allowed = ToolAllowlist.refs(key.toolAllowlist());
        return outbox.enqueue(Topics.API_KEY_UPDATED, key.id.toString(), new ApiKeyUpdatedEvent(
                ApiKeyUpdatedEvent.schemaVersionFor(key.pluginIds(), allowed), UUID.randomUUID(), Instant.now(), type,
                key.organizationId, key.id, key.keyHash, key.expiresAt, key.pluginIds(), allowed));
    }
}
