package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ChangeType;
import ai.crafted.events.EventJson;
import ai.crafted.events.SealedSecret;
import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppHealthEvent;
import ai.crafted.events.WhatsAppAppUpdatedEvent;
import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.allowlist.ToolAllowlist;
import ai.crafted.integrations.apikey.ApiKeyService;
import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.credential.CredentialKeyrings;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.EntityTags;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.integrations.integration.CatalogFingerprints;
import ai.crafted.integrations.integration.IntegrationMapper;
import ai.crafted.integrations.integration.IntegrationReferences;
import ai.crafted.integrations.integration.IntegrationIdList;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.outbox.Outbox;

/**
 * WhatsApp apps: which number, which model and prompt, which MCP plugins the public assistant
 * may use. Every change reaches the worker as a {@code whatsapp-app-updated} event with its
 * secrets sealed; each app gets its own gateway API key, revoked with the app.
 */
@ApplicationScoped
public class WhatsAppAppService implements IntegrationReferences {

    /** Gateway keys issued for an app are named with this prefix and the app id. */
    public static final String API_KEY_NAME_PREFIX = "whatsapp:";

    private static final String PHONE_CONSTRAINT = "whatsapp_apps_org_phone_number_unique";

    private final WhatsAppAppRepository repository;
    private final IntegrationRepository integrations;
    private final ApiKeyService apiKeys;
    private final CredentialKeyrings keyrings;
    private final Outbox outbox;
    private final RequestChecks checks;
    private final CatalogFingerprints fingerprints;
    private final IntegrationMapper integrationMapper;

    private final AuditLog audit;
    private final OrganizationAccess access;

    public WhatsAppAppService(WhatsAppAppRepository repository, IntegrationRepository integrations, ApiKeyService apiKeys,
            CredentialKeyrings keyrings, Outbox outbox, RequestChecks checks, CatalogFingerprints fingerprints,
            IntegrationMapper integrationMapper, AuditLog audit, OrganizationAccess access) {
        this.audit = audit;
        this.access = access;
        this.repository = repository;
        this.integrations = integrations;
        this.apiKeys = apiKeys;
        this.keyrings = keyrings;
        this.outbox = outbox;
        this.checks = checks;
        this.fingerprints = fingerprints;
        this.integrationMapper = integrationMapper;
    }

    /**
     * @throws InvalidFields every invalid field at once (409 {@code whatsapp_phone_number_conflict}
     *                       when the phone number id in use is all)
     */
    @WithTransaction
    public Uni<WhatsAppAppView> create(UUID organizationId, WhatsAppAppRequest request) {
        List<FieldProblem> problems = new ArrayList<>(checks.problemsOf(request));
        InvalidFields.throwIfAny(request == null ? problems : List.of());
        Set<String> invalid = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
        for (String[] required : new String[][] { { "phoneNumberId", request.phoneNumberId() },
                { "displayName", request.displayName() }, { "accessToken", request.accessToken() },
                { "appSecret", request.appSecret() }, { "verifyToken", request.verifyToken() }, { "model", request.model() } }) {
            if ((required[1] == null || required[1].isBlank()) && invalid.add(required[0])) {
                problems.add(FieldProblem.invalid(ErrorCodes.INVALID_WHATSAPP_APP, required[0], "is required"));
            }
        }
        problems.addAll(ToolAllowlist.problemsOf(request.allowedToolsOrNull(), ErrorCodes.INVALID_WHATSAPP_APP));
        List<UUID> wanted = request.mcpPluginIds() == null ? List.of() : request.mcpPluginIds();
        Uni<Void> phoneFree = invalid.contains("phoneNumberId") ? Uni.createFrom().voidItem()
                : repository.count("organizationId = ?1 and phoneNumberId = ?2", organizationId, request.phoneNumberId())
                        .invoke(taken -> {
                            if (taken > 0) {
                                problems.add(FieldProblem.of(phoneConflict(request.phoneNumberId())));
                            }
                        }).replaceWithVoid();
        return phoneFree.chain(() -> checkAllowlist(organizationId, request.allowedToolsOrNull(), wanted, problems))
                .chain(() -> collected(problems, requireOwnIntegrations(organizationId, wanted)))
                .chain(() -> insert(organizationId, request));
    }

    private Uni<WhatsAppAppView> insert(UUID organizationId, WhatsAppAppRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WhatsAppAppEntity app = new WhatsAppAppEntity();
        app.id = UUID.randomUUID();
        app.organizationId = organizationId;
        app.createdAt = now;
        List<UUID> selection = request.mcpPluginIds() == null ? List.of() : request.mcpPluginIds();
        return requireOwnIntegrations(organizationId, selection)
                .chain(() -> apiKeys.issue(organizationId, API_KEY_NAME_PREFIX + app.id))
                .chain(key -> {
                    app.gatewayApiKeyId = key.id();
                    app.gatewayKeySealed = seal(app, "gatewayApiKey", key.key());
                    apply(app, request, now);
                    return repository.persist(app).call(repository::flush);
                })
                .onFailure(e -> RequestChecks.violates(e, PHONE_CONSTRAINT)).transform(e -> phoneConflict(request.phoneNumberId()))
                .call(saved -> publish(ChangeType.CREATED, saved, null))
                .chain(saved -> view(saved));
    }

    @WithSession
    public Uni<WhatsAppAppView> get(UUID organizationId, UUID id) {
        return loadOwned(organizationId, id).chain(this::view);
    }

    @WithSession
    public Uni<WhatsAppAppPage> list(UUID organizationId, Paging paging) {
        return list(organizationId, ListQuery.of(paging));
    }

    /** A page of the apps matching the query's search, in its order. */
    @WithSession
    public Uni<WhatsAppAppPage> list(UUID organizationId, ListQuery query) {
        // One read of the organisation's integrations serves every app's view.
        return repository.pageIn(organizationId, query, apps -> plugins(organizationId)
                .chain(all -> apiKeys.revokedAmong(organizationId, apps.stream().map(app -> app.gatewayApiKeyId).toList())
                        .map(revoked -> apps.stream().map(app -> view(app, all, revoked)).toList())), WhatsAppAppPage::new);
    }

    /** The organisation's apps by the id of their current gateway key (read without building their views). */
    @WithSession
    public Uni<java.util.Map<UUID, WhatsAppAppRef>> byGatewayKey(UUID organizationId) {
        return repository.find("organizationId", organizationId).list().map(apps -> apps.stream()
                .collect(Collectors.toMap(app -> app.gatewayApiKeyId, app -> new WhatsAppAppRef(app.id, app.displayName))));
    }

    /** The organisation's apps whose selection holds the integration, by name. */
    @WithSession
    public Uni<List<WhatsAppAppRef>> selecting(UUID organizationId, UUID integrationId) {
        return repository.find("organizationId = ?1 and mcpPluginIds like ?2 order by displayName", organizationId,
                IntegrationIdList.containing(integrationId)).list()
                .map(apps -> apps.stream().map(app -> new WhatsAppAppRef(app.id, app.displayName)).toList());
    }

    /** The JSON API's merge patch: checked, then applied like the UI's update. */
    public Uni<WhatsAppAppView> patch(UUID organizationId, UUID id, WhatsAppAppPatch patch, String ifMatch) {
        checks.validated(patch);
        return update(organizationId, id, patch.toRequest(), ifMatch);
    }

    /**
     * @param ifMatch the {@code If-Match} the change is conditional on ({@link EntityTags}), or null
     * @throws InvalidFields every invalid field at once
     * @throws ApiException  412 {@code precondition_failed} when the app changed since that tag
     */
    @WithTransaction
    public Uni<WhatsAppAppView> update(UUID organizationId, UUID id, WhatsAppAppRequest request, String ifMatch) {
        List<FieldProblem> problems = new ArrayList<>(checks.problemsOf(request));
        InvalidFields.throwIfAny(request == null ? problems : List.of());
        problems.addAll(ToolAllowlist.problemsOf(request.allowedToolsOrNull(), ErrorCodes.INVALID_WHATSAPP_APP));
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("WhatsApp app " + id))
                .invoke(app -> EntityTags.requireMatch(ifMatch, app.updatedAt, "WhatsApp app " + id))
                .call(app -> checkAllowlist(organizationId, request.allowedToolsOrNull(),
                        request.mcpPluginIds() == null ? app.pluginIds() : request.mcpPluginIds(), problems))
                .call(app -> collected(problems, request.mcpPluginIds() == null ? Uni.createFrom().voidItem()
                        : requireOwnIntegrations(organizationId, request.mcpPluginIds())))
                .chain(app -> {
                    List<AllowedTool> allowlistBefore = app.toolAllowlist();
                    if (!apply(app, request, EntityTags.next(app.updatedAt))) {
                        // Nothing to change: updatedAt and version stay, nothing is published.
                        return view(app);
                    }
                    return allowlistAudited(app, allowlistBefore).chain(() -> repository.flush()).replaceWith(app)
                            .onFailure(e -> RequestChecks.violates(e, PHONE_CONSTRAINT))
                            .transform(e -> phoneConflict(request.phoneNumberId()))
                            .call(saved -> publish(ChangeType.UPDATED, saved, null))
                            .chain(this::view);
                });
    }

    /**
     * Gives the app a new gateway API key, e.g. after its key was revoked on the API keys page
     * (which stops its replies): the old key is revoked (if it is not already), the new one is
     * sealed at rest and reaches the WhatsApp worker, sealed, in the app's update event.
     *
     * @throws ApiException 404 for an unknown app or one of another organisation
     */
    @WithTransaction
    public Uni<WhatsAppAppView> reissueGatewayKey(UUID organizationId, UUID id) {
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("WhatsApp app " + id))
                .call(app -> apiKeys.revokeInTransaction(organizationId, app.gatewayApiKeyId))
                .call(app -> apiKeys.issue(organizationId, API_KEY_NAME_PREFIX + app.id).invoke(key -> {
                    app.gatewayApiKeyId = key.id();
                    app.gatewayKeySealed = seal(app, "gatewayApiKey", key.key());
                    app.updatedAt = EntityTags.next(app.updatedAt);
                }))
                .call(repository::flush)
                .call(app -> publish(ChangeType.UPDATED, app, "gateway API key reissued"))
                .chain(this::view);
    }

    @WithTransaction
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("WhatsApp app " + id))
                .call(app -> publish(ChangeType.DELETED, app, null))
                .call(app -> apiKeys.revokeInTransaction(organizationId, app.gatewayApiKeyId))
                .call(repository::delete)
                .replaceWithVoid();
    }

    /**
     * Removes a deleted integration from every selection, inside the deleting transaction, and
     * says so in each app's event.
     */
    @Override
    public Uni<Void> integrationDeleted(UUID organizationId, UUID integrationId, String slug) {
        return repository.selecting(organizationId, integrationId).chain(apps -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (WhatsAppAppEntity app : apps) {
                List<UUID> remaining = new ArrayList<>(app.pluginIds());
                remaining.remove(integrationId);
                app.pluginIds(remaining);
                app.toolAllowlist(ToolAllowlist.within(app.toolAllowlist(), remaining));
                app.updatedAt = EntityTags.next(app.updatedAt);
                chain = chain.chain(() -> repository.flush())
                        .chain(() -> publish(ChangeType.UPDATED, app, "plugin " + slug + " (" + integrationId
                                + ") was deleted and removed from the selection"));
            }
            return chain;
        });
    }

    /**
     * Applies what the request gives (names trimmed, a blank system prompt clears it, plugin ids
     * and allowlist entries once each; a selection without a plugin drops its allowlist entries)
     * where it differs from the app, re-sealing a secret only when its fingerprint
     * differs (a verify token has none, so a given one always counts), and stamps
     * {@code updatedAt}; returns whether anything changed (if not, the app is untouched).
     */
    private boolean apply(WhatsAppAppEntity app, WhatsAppAppRequest request, Instant now) {
        boolean changed = change(request.phoneNumberId(), app.phoneNumberId, v -> app.phoneNumberId = v);
        changed |= change(request.displayName() == null ? null : request.displayName().trim(), app.displayName,
                v -> app.displayName = v);
        changed |= change(request.model() == null ? null : request.model().trim(), app.model, v -> app.model = v);
        if (request.systemPrompt() != null) {
            String prompt = request.systemPrompt().isBlank() ? null : request.systemPrompt();
            changed |= !Objects.equals(prompt, app.systemPrompt);
            app.systemPrompt = prompt;
        }
        changed |= change(request.mcpPluginIds() == null ? null : new ArrayList<>(new LinkedHashSet<>(request.mcpPluginIds())),
                app.pluginIds(), app::pluginIds);
        List<AllowedTool> allowlist = request.setsAllowedTools() ? ToolAllowlist.distinct(request.allowedToolsOrNull())
                : ToolAllowlist.within(app.toolAllowlist(), app.pluginIds());
        if (!Objects.equals(allowlist, app.toolAllowlist())) {
            app.toolAllowlist(allowlist);
            changed = true;
        }
        if (request.accessToken() != null && !keyrings.fingerprint(request.accessToken()).equals(app.accessTokenFingerprint)) {
            app.accessTokenSealed = seal(app, "accessToken", request.accessToken());
            app.accessTokenFingerprint = keyrings.fingerprint(request.accessToken());
            changed = true;
        }
        if (request.appSecret() != null && !keyrings.fingerprint(request.appSecret()).equals(app.appSecretFingerprint)) {
            app.appSecretSealed = seal(app, "appSecret", request.appSecret());
            app.appSecretFingerprint = keyrings.fingerprint(request.appSecret());
            changed = true;
        }
        if (request.verifyToken() != null) {
            app.verifyTokenSealed = seal(app, "verifyToken", request.verifyToken());
            changed = true;
        }
        if (changed) {
            app.updatedAt = now;
        }
        return changed;
    }

    /** Sets {@code wanted} when it is given (not null) and differs from {@code current}; whether it did. */
    private static <T> boolean change(T wanted, T current, Consumer<T> set) {
        if (wanted == null || wanted.equals(current)) {
            return false;
        }
        set.accept(wanted);
        return true;
    }

    /** Adds the check's own problem to the others, then fails with all of them if there are any. */
    private static Uni<Void> collected(List<FieldProblem> problems, Uni<Void> check) {
        return check.onFailure(ApiException.class).recoverWithItem(e -> InvalidFields.<Void>collect(problems, e))
                .invoke(() -> InvalidFields.throwIfAny(problems));
    }

    private static ApiException phoneConflict(String phoneNumberId) {
        return new ApiException(409, ErrorCodes.WHATSAPP_PHONE_NUMBER_CONFLICT,
                "another WhatsApp app of this organisation already uses phone number id " + phoneNumberId, "phoneNumberId");
    }

    private Uni<Void> requireOwnIntegrations(UUID organizationId, List<UUID> ids) {
        return integrations.firstNotOwned(organizationId, ids).invoke(missing -> {
            if (missing.isPresent()) {
                throw invalid("mcpPluginIds", missing.get() + " is not an MCP integration of this organisation");
            }
        }).replaceWithVoid();
    }

    /** Adds a problem when the allowlist names a plugin outside the organisation or the app's {@code selection}. */
    private Uni<Void> checkAllowlist(UUID organizationId, List<AllowedTool> tools, List<UUID> selection,
            List<FieldProblem> problems) {
        return integrations.ownedAmong(organizationId, ToolAllowlist.pluginIdsOf(tools))
                .invoke(owned -> problems.addAll(ToolAllowlist.outsideProblems(tools, owned, selection,
                        ErrorCodes.INVALID_WHATSAPP_APP)))
                .replaceWithVoid();
    }

    private Uni<WhatsAppAppView> view(WhatsAppAppEntity app) {
        return plugins(app.organizationId).chain(all -> apiKeys.revokedAmong(app.organizationId, List.of(app.gatewayApiKeyId))
                .map(revoked -> view(app, all, revoked)));
    }

    /** The organisation's plugins as apps list them, with the tool counts the gateway would inject now. */
    private Uni<List<WhatsAppAppView.PluginRef>> plugins(UUID organizationId) {
        return integrations.find("organizationId", organizationId).list()
                .chain(all -> fingerprints.of(organizationId, all).map(current -> all.stream()
                        .map(i -> new WhatsAppAppView.PluginRef(i.id, i.slug, i.displayName,
                                integrationMapper.toolCount(i, current.get(i.id)), i.lastRefreshError))
                        .toList()));
    }

    private static WhatsAppAppView view(WhatsAppAppEntity app, List<WhatsAppAppView.PluginRef> all, Set<UUID> revokedKeys) {
        Map<UUID, WhatsAppAppView.PluginRef> byId = all.stream()
                .collect(Collectors.toMap(WhatsAppAppView.PluginRef::id, Function.identity()));
        List<UUID> selected = app.pluginIds();
        List<WhatsAppAppView.PluginRef> selectedRefs = selected.stream().filter(byId::containsKey)
                .map(byId::get).toList();
        List<WhatsAppAppView.PluginRef> notSelected = all.stream().filter(p -> !selected.contains(p.id())).toList();
        return new WhatsAppAppView(app.id, app.phoneNumberId, app.displayName, app.model, app.systemPrompt, selected,
                app.toolAllowlist(), selectedRefs, notSelected, "/webhooks/whatsapp/" + app.id, app.accessTokenFingerprint,
                app.appSecretFingerprint, app.gatewayApiKeyId, revokedKeys.contains(app.gatewayApiKeyId) ? "revoked" : "active",
                health(app),
                app.createdAt, app.updatedAt);
    }

    /** The worker's word on the app while it is about the app's current version, else ok. */
    private static WhatsAppAppView.Health health(WhatsAppAppEntity app) {
        if (!WhatsAppAppHealthEvent.NEEDS_ATTENTION.equals(app.healthStatus) || app.healthAppVersion == null
                || app.healthAppVersion != app.version) {
            return WhatsAppAppView.Health.OK;
        }
        return new WhatsAppAppView.Health(app.healthStatus, app.healthErrorCode, app.healthReason, app.healthSince);
    }

    /** An audit line when the app's tool allowlist changed (a surface's policy: who narrowed or widened it). */
    private Uni<Void> allowlistAudited(WhatsAppAppEntity app, List<AllowedTool> before) {
        if (Objects.equals(before, app.toolAllowlist())) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.set("before", AuditLog.json(ToolAllowlist.refs(before)));
        details.set("after", AuditLog.json(ToolAllowlist.refs(app.toolAllowlist())));
        return audit.record(app.organizationId, access.subject(), "whatsapp_app.tool_allowlist.updated", "whatsapp_app",
                app.id.toString(), details);
    }

    private Uni<Void> publish(ChangeType type, WhatsAppAppEntity app, String reason) {
        boolean deleted = type == ChangeType.DELETED;
        var allowedTools = ToolAllowlist.refs(app.toolAllowlist());
        var event = new WhatsAppAppUpdatedEvent(WhatsAppAppUpdatedEvent.schemaVersionFor(allowedTools), UUID.randomUUID(), Instant.now(),
                type, app.organizationId, app.id, app.version, app.phoneNumberId, app.displayName, app.model,
                app.systemPrompt, app.pluginIds(), reason,
                deleted ? null : reseal(app, "accessToken", app.accessTokenSealed),
                deleted ? null : reseal(app, "appSecret", app.appSecretSealed),
                deleted ? null : reseal(app, "verifyToken", app.verifyTokenSealed),
                deleted ? null : reseal(app, "gatewayApiKey", app.gatewayKeySealed), allowedTools);
        return outbox.enqueue(Topics.WHATSAPP_APP_UPDATED, app.id.toString(), event);
    }

    private String seal(WhatsAppAppEntity app, String field, String secret) {
        return EventJson.write(keyrings.sealAtRest(secret,
                WhatsAppAppUpdatedEvent.associatedData(app.organizationId, app.id, field)));
    }

    private SealedSecret reseal(WhatsAppAppEntity app, String field, String sealedAtRest) {
        String aad = WhatsAppAppUpdatedEvent.associatedData(app.organizationId, app.id, field);
        return keyrings.sealForTransport(keyrings.openAtRest(EventJson.read(sealedAtRest, SealedSecret.class), aad), aad);
    }

    private Uni<WhatsAppAppEntity> loadOwned(UUID organizationId, UUID id) {
        return repository.findOwnedOrNotFound(organizationId, id, "WhatsApp app " + id);
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCodes.INVALID_WHATSAPP_APP, message, field);
    }

}
