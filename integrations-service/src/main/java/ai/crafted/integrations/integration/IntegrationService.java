package ai.crafted.integrations.integration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.EntityTags;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;

/** Rules for installing, changing and removing MCP integrations; every change emits an event. */
@ApplicationScoped
public class IntegrationService {

    private static final String SLUG_CONSTRAINT = "integrations_org_slug_unique";

    private final IntegrationRepository repository;
    private final IntegrationEvents events;
    private final IntegrationMapper mapper;
    private final EndpointPolicy endpointPolicy;
    private final CredentialReferences credentials;
    private final RequestChecks checks;
    private final Vertx vertx;
    private final CatalogFingerprints fingerprints;
    private final Instance<IntegrationReferences> references;

    public IntegrationService(IntegrationRepository repository, IntegrationEvents events, IntegrationMapper mapper,
            EndpointPolicy endpointPolicy, CredentialReferences credentials, RequestChecks checks, Vertx vertx,
            CatalogFingerprints fingerprints, Instance<IntegrationReferences> references) {
        this.fingerprints = fingerprints;
        this.references = references;
        this.repository = repository;
        this.events = events;
        this.mapper = mapper;
        this.endpointPolicy = endpointPolicy;
        this.credentials = credentials;
        this.checks = checks;
        this.vertx = vertx;
    }

    /**
     * @throws InvalidFields every problem of the draft at once: its fields, the endpoint policy, the
     *                       credential and a slug another integration already uses (409
     *                       {@code integration_slug_conflict} when that is all)
     */
    public Uni<IntegrationView> create(UUID organizationId, IntegrationDraft draft) {
        return checkedDraft(organizationId, draft, true)
                .chain(endpoint -> Panache.withTransaction(() -> insert(organizationId, draft, endpoint)
                        .chain(this::view)));
    }

    /**
     * Everything {@link #create} would refuse about the draft, without creating it (empty when it
     * would be accepted): lets a form that failed elsewhere report every problem at once.
     */
    public Uni<List<FieldProblem>> problemsOf(UUID organizationId, IntegrationDraft draft) {
        return checkedDraft(organizationId, draft, true).replaceWith(List.<FieldProblem>of())
                .onFailure(InvalidFields.class).recoverWithItem(e -> ((InvalidFields) e).problems());
    }

    public Uni<IntegrationView> get(UUID organizationId, UUID id) {
        return Panache.withSession(() -> loadOwned(organizationId, id).chain(this::view));
    }

    public Uni<IntegrationPage> list(UUID organizationId, Paging paging) {
        return list(organizationId, ListQuery.of(paging));
    }

    /** A page of the plugins matching the query's search, in its order. */
    public Uni<IntegrationPage> list(UUID organizationId, ListQuery query) {
        // One read of the organisation's credentials gives both the fingerprints and the OAuth problems.
        return Panache.withSession(() -> repository.pageIn(organizationId, query, items -> fingerprints
                .credentialsOf(organizationId, items).map(used -> {
                    Map<UUID, String> current = CatalogFingerprints.of(items, used);
                    return items.stream().map(i -> {
                        CredentialEntity credential = i.credentialId == null ? null : used.get(i.credentialId);
                        return mapper.toSummary(i, current.get(i.id), CredentialReferences.oauthProblemOf(credential),
                                credentials.oauthWarningOf(credential));
                    }).toList();
                }), IntegrationPage::new));
    }

    /** The API view, with the catalog only if it describes the current configuration. Runs in a session. */
    public Uni<IntegrationView> view(IntegrationEntity entity) {
        return fingerprints.of(entity).map(current -> mapper.toView(entity, current));
    }

    /**
     * @param ifMatch the {@code If-Match} the change is conditional on ({@link EntityTags}), or null
     * @throws ApiException 412 {@code precondition_failed} when the integration changed since that tag
     */
    public Uni<IntegrationView> update(UUID organizationId, UUID id, IntegrationPatch patch, String ifMatch) {
        checks.validated(patch);
        // Read once to validate the merged result (including the DNS check) outside the
        // transaction; the transaction re-reads and applies the same patch.
        return Panache.withSession(() -> loadOwned(organizationId, id))
                .invoke(current -> EntityTags.requireMatch(ifMatch, current.updatedAt, "integration " + id))
                .map(patch::applyTo)
                .chain(draft -> checkedDraft(organizationId, draft, false))
                .chain(endpoint -> Panache.withTransaction(() -> lockOwned(organizationId, id)
                        .invoke(current -> EntityTags.requireMatch(ifMatch, current.updatedAt, "integration " + id))
                        .chain(current -> applyUpdate(current, patch.applyTo(current), endpoint))
                        .chain(this::view)));
    }

    public Uni<Void> delete(UUID organizationId, UUID id) {
        return Panache.withTransaction(() -> lockOwned(organizationId, id)
                .call(entity -> dropReferences(entity))
                .call(entity -> events.changed(ChangeType.DELETED, entity))
                .call(repository::delete))
                .replaceWithVoid();
    }

    private Uni<IntegrationEntity> insert(UUID organizationId, IntegrationDraft draft, String endpoint) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        IntegrationEntity entity = new IntegrationEntity();
        entity.id = UUID.randomUUID();
        entity.organizationId = organizationId;
        entity.kind = draft.kind();
        entity.slug = draft.slug();
        entity.displayName = draft.displayName().trim();
        entity.description = draft.description();
        entity.endpoint = endpoint;
        entity.transport = draft.config().transportOrDefault();
        entity.timeoutMs = draft.config().timeoutMs();
        entity.toolResultMaxChars = draft.config().toolResultMaxChars();
        entity.credentialId = draft.credentialId();
        entity.createdAt = now;
        entity.updatedAt = now;
        return credentials.requireOwned(organizationId, draft.credentialId(), endpoint)
                .chain(() -> repository.persist(entity))
                .call(repository::flush)
                .onFailure(e -> RequestChecks.violates(e, SLUG_CONSTRAINT)).transform(e -> slugConflict(draft.slug()))
                .call(saved -> events.changed(ChangeType.CREATED, saved));
    }

    /**
     * @param checkedEndpoint the endpoint the patch asked for, checked (and trimmed) before the
     *                        transaction; a patch that does not name the endpoint keeps the one the
     *                        locked row has now, even if another change set it meanwhile
     */
    private Uni<IntegrationEntity> applyUpdate(IntegrationEntity entity, IntegrationDraft draft, String checkedEndpoint) {
        String endpoint = draft.config().endpoint().trim().equals(checkedEndpoint) ? checkedEndpoint : entity.endpoint;
        return credentials.requireOwned(entity.organizationId, draft.credentialId(), endpoint).chain(() -> {
            if (unchanged(entity, draft, endpoint)) {
                // A PATCH that changes nothing keeps updatedAt and version and publishes nothing.
                return Uni.createFrom().item(entity);
            }
            entity.displayName = draft.displayName().trim();
            entity.description = draft.description();
            entity.endpoint = endpoint;
            entity.transport = draft.config().transportOrDefault();
            entity.timeoutMs = draft.config().timeoutMs();
            entity.toolResultMaxChars = draft.config().toolResultMaxChars();
            entity.credentialId = draft.credentialId();
            entity.updatedAt = EntityTags.next(entity.updatedAt);
            // Flush first so the event carries the version the row now has.
            return repository.flush().replaceWith(entity)
                    .call(saved -> events.changed(ChangeType.UPDATED, saved));
        });
    }

    private static boolean unchanged(IntegrationEntity entity, IntegrationDraft draft, String endpoint) {
        return entity.displayName.equals(draft.displayName().trim())
                && Objects.equals(entity.description, draft.description())
                && entity.endpoint.equals(endpoint)
                && entity.transport == draft.config().transportOrDefault()
                && Objects.equals(entity.timeoutMs, draft.config().timeoutMs())
                && Objects.equals(entity.toolResultMaxChars, draft.config().toolResultMaxChars())
                && Objects.equals(entity.credentialId, draft.credentialId());
    }

    private Uni<Void> dropReferences(IntegrationEntity entity) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IntegrationReferences referring : references) {
            chain = chain.chain(() -> referring.integrationDeleted(entity.organizationId, entity.id, entity.slug));
        }
        return chain;
    }

    private Uni<IntegrationEntity> loadOwned(UUID organizationId, UUID id) {
        return repository.findOwned(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("integration " + id));
    }

    private Uni<IntegrationEntity> lockOwned(UUID organizationId, UUID id) {
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("integration " + id));
    }

    /**
     * Every check of a draft before its transaction, collected so one answer names every invalid
     * field (the transaction repeats the credential and slug checks against races); answers the
     * endpoint as the policy normalised it.
     */
    private Uni<String> checkedDraft(UUID organizationId, IntegrationDraft draft, boolean creating) {
        List<FieldProblem> problems = new ArrayList<>(checks.problemsOf(draft));
        if (draft == null) {
            InvalidFields.throwIfAny(problems);
        }
        Set<String> invalid = problems.stream().map(FieldProblem::field).collect(Collectors.toSet());
        Uni<String> endpoint = invalid.contains("config") || invalid.contains("config.endpoint")
                ? Uni.createFrom().nullItem()
                : checkedEndpoint(draft.config().endpoint()).onFailure(ApiException.class)
                        .recoverWithItem(e -> InvalidFields.collect(problems, e));
        return endpoint
                .call(checked -> Panache.withSession(() -> credentials.requireOwned(organizationId, draft.credentialId(),
                        checked != null || draft.config() == null ? checked : draft.config().endpoint()))
                        .onFailure(ApiException.class).recoverWithItem(e -> InvalidFields.collect(problems, e)))
                .call(() -> !creating || invalid.contains("slug") ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> repository.count("organizationId = ?1 and slug = ?2", organizationId,
                                draft.slug())).invoke(taken -> {
                                    if (taken > 0) {
                                        problems.add(FieldProblem.of(slugConflict(draft.slug())));
                                    }
                                }).replaceWithVoid())
                .invoke(() -> InvalidFields.throwIfAny(problems));
    }

    private static ApiException slugConflict(String slug) {
        return new ApiException(409, ErrorCodes.INTEGRATION_SLUG_CONFLICT,
                "another integration in this organisation already uses the slug '" + slug + "'", "slug");
    }

    /** The DNS lookup in the policy blocks, so it runs on a worker; the result returns to our context. */
    private Uni<String> checkedEndpoint(String endpoint) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> endpointPolicy.check(endpoint)));
    }

}
