package ai.crafted.integrations.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.Topics;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.consistency.AnswerPolling;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.outbox.Outbox;

/**
 * The synchronous refresh of the control-panel API. The refresh itself belongs to
 * catalog-refresher: we ask over Kafka (through the outbox) and wait until its result has been
 * stored. A refresh already in flight for the integration is joined instead of repeated.
 */
@ApplicationScoped
public class RefreshService {

    private final IntegrationRepository repository;
    private final IntegrationService integrations;
    private final Outbox outbox;
    private final IntegrationsConfig config;
    private final AnswerPolling polling;

    public RefreshService(IntegrationRepository repository, IntegrationService integrations, Outbox outbox,
            IntegrationsConfig config, AnswerPolling polling) {
        this.repository = repository;
        this.integrations = integrations;
        this.outbox = outbox;
        this.config = config;
        this.polling = polling;
    }

    public Uni<IntegrationView> refresh(UUID organizationId, UUID integrationId) {
        return Panache.withTransaction(() -> repository.findOwnedForUpdate(organizationId, integrationId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("integration " + integrationId))
                .chain(this::requestOrJoin))
                .chain(pending -> awaitAnswer(organizationId, integrationId, pending.requestId(),
                        Instant.now().plus(pending.answerWithin())));
    }

    /**
     * Asks catalog-refresher for a refresh (or joins the one in flight) without waiting for it:
     * for a stored catalog that lacks something the service needs (per-tool hashes). Runs inside
     * the caller's transaction, which holds the integration row's lock.
     */
    public Uni<Void> requestInTransaction(IntegrationEntity lockedEntity) {
        return requestOrJoin(lockedEntity).replaceWithVoid();
    }

    private record Pending(UUID requestId, Duration answerWithin) {
    }

    private Uni<Pending> requestOrJoin(IntegrationEntity entity) {
        Duration wait = McpServerConfig.timeoutFor(entity.timeoutMs).plus(config.refresh().answerMargin());
        Instant now = Instant.now();
        boolean inFlight = entity.refreshRequestId != null
                && !Objects.equals(entity.refreshRequestId, entity.lastRefreshRequestId)
                && entity.refreshRequestedAt != null && entity.refreshRequestedAt.plus(wait).isAfter(now);
        if (inFlight) {
            return Uni.createFrom().item(new Pending(entity.refreshRequestId, wait));
        }
        UUID requestId = UUID.randomUUID();
        entity.refreshRequestId = requestId;
        entity.refreshRequestedAt = now;
        var request = new CatalogRefreshRequestedEvent(CatalogRefreshRequestedEvent.SCHEMA_VERSION, requestId, now,
                entity.organizationId, entity.id, entity.version, entity.slug, entity.config(), entity.credentialId);
        return outbox.enqueue(Topics.CATALOG_REFRESH_REQUESTED, entity.id.toString(), request)
                .replaceWith(new Pending(requestId, wait));
    }

    /** Waits until the refresher's answer to the request is stored in our own row (504 when the deadline passes first). */
    private Uni<IntegrationView> awaitAnswer(UUID organizationId, UUID integrationId, UUID requestId, Instant deadline) {
        return polling.until(() -> Panache.withSession(() -> loadOwned(organizationId, integrationId).chain(entity ->
                                requestId.equals(entity.lastRefreshRequestId) ? integrations.view(entity).map(Optional::of)
                                        : Uni.createFrom().item(Optional.<IntegrationView>empty()))),
                        Optional::isPresent, deadline)
                .map(answered -> answered.orElseThrow(() -> new ApiException(504, ErrorCodes.REFRESH_TIMEOUT,
                        "the catalog refresher did not answer in time; the refresh goes on and its result"
                                + " will show in the plugin list", null)));
    }

    private Uni<IntegrationEntity> loadOwned(UUID organizationId, UUID integrationId) {
        return repository.findOwned(organizationId, integrationId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("integration " + integrationId));
    }
}
