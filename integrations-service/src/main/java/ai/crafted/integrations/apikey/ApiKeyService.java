package ai.crafted.integrations.apikey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.Topics;
import ai.crafted.integrations.error.ApiException;
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

    public ApiKeyService(ApiKeyRepository repository, Outbox outbox, RequestChecks checks) {
        this.repository = repository;
        this.outbox = outbox;
        this.checks = checks;
    }

    @WithTransaction
    public Uni<ApiKeyView> create(UUID organizationId, CreateApiKeyRequest request) {
        checks.validated(request);
        return issue(organizationId, request.name().trim(), request.expiresInDays() == null ? null
                : Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(request.expiresInDays(), ChronoUnit.DAYS));
    }

    /** Creates a key that works until revoked inside the caller's transaction (WhatsApp apps' own keys). */
    public Uni<ApiKeyView> issue(UUID organizationId, String name) {
        return issue(organizationId, name, null);
    }

    /** Creates a key inside the caller's transaction; {@code expiresAt} null: it works until revoked. */
    public Uni<ApiKeyView> issue(UUID organizationId, String name, Instant expiresAt) {
        String key = ApiKeys.generate();
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = UUID.randomUUID();
        entity.organizationId = organizationId;
        entity.name = name;
        entity.prefix = key.substring(0, ApiKeys.PREFIX.length() + 6);
        entity.keyHash = ApiKeys.hash(key);
        entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        entity.expiresAt = expiresAt;
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

    /** The ids of the organisation's revoked keys; runs in the caller's session. */
    public Uni<Set<UUID>> revokedIn(UUID organizationId) {
        return repository.find("organizationId = ?1 and revokedAt is not null", organizationId).list()
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
        return outbox.enqueue(Topics.API_KEY_UPDATED, key.id.toString(), new ApiKeyUpdatedEvent(
                ApiKeyUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), type, key.organizationId, key.id,
                key.keyHash, key.expiresAt));
    }
}
