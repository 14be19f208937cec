package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.Topics;
import ai.crafted.outbox.Outbox;

/**
 * Keeps {@code refresh_targets} in step with the integrations the control panel reports, and
 * says whether a change needs a new catalog: an install, or a different endpoint, transport,
 * timeout or credential. A deleted integration's catalog is removed from {@code catalog-updated}
 * with a tombstone.
 */
@ApplicationScoped
public class RefreshTargetService {

    private static final Logger LOG = Logger.getLogger(RefreshTargetService.class);
    private static final String DUPLICATE_KEY = "23505";
    private static final String PRIMARY_KEY = "refresh_targets_pkey";

    private final RefreshTargetRepository repository;
    private final Outbox outbox;
    private final Vertx vertx;
    private final ListingClaims claims;

    public RefreshTargetService(RefreshTargetRepository repository, Outbox outbox, Vertx vertx, ListingClaims claims) {
        this.repository = repository;
        this.outbox = outbox;
        this.vertx = vertx;
        this.claims = claims;
    }

    /**
     * Applies one event idempotently: a redelivered or out-of-date event (version older than the
     * stored one) changes nothing.
     *
     * @return true when the catalog must be listed again (the caller lists it: the target is
     *         claimed for that listing, see {@link ListingClaims})
     */
    public Uni<Boolean> apply(IntegrationUpdatedEvent event) {
        return inTransaction(() -> lock(event.integrationId()).chain(existing -> {
            if (existing != null && existing.integrationVersion > event.version()) {
                LOG.debugf("ignoring stale event %s for integration %s", event.eventId(), event.integrationId());
                return Uni.createFrom().item(false);
            }
            if (event.changeType() == ChangeType.DELETED) {
                return existing == null ? Uni.createFrom().item(false)
                        : repository.delete(existing)
                                .call(() -> outbox.enqueueTombstone(Topics.CATALOG_UPDATED, event.integrationId().toString()))
                                .replaceWith(false);
            }
            var state = event.integration();
            return upsert(existing, event.organizationId(), event.integrationId(), event.version(), state.slug(),
                    state.config(), state.credentialId());
        }));
    }

    /**
     * The target a refresh request should list: the request's configuration when it is newer than
     * the stored one (a request can overtake the matching {@code integration-updated}; it is then
     * stored), otherwise the stored, newer one.
     */
    public Uni<RefreshTarget> current(RefreshTarget requested, long integrationVersion, String slug) {
        return inTransaction(() -> lock(requested.integrationId()).chain(existing -> {
            if (existing != null && existing.integrationVersion >= integrationVersion) {
                return Uni.createFrom().item(RefreshTarget.of(existing));
            }
            return upsert(existing, requested.organizationId(), requested.integrationId(), integrationVersion, slug,
                    requested.config(), requested.credentialId()).replaceWith(requested);
        }));
    }

    /**
     * Runs {@code work} in a transaction, once more if it lost an insert race for the same
     * integration (the install event and a refresh request can both create the row): the retry
     * finds the row and updates it. Each attempt has its own session ({@link OwnSession}): a
     * session whose flush failed cannot be used again, so a retry on it failed too and the
     * refresh request went to the dead-letter topic unanswered (a 504 on a fresh stack).
     */
    private <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> OwnSession.run(vertx, () -> Panache.withTransaction(work)))
                .onFailure(RefreshTargetService::lostInsertRace).retry().atMost(1);
    }

    /**
     * Whether the failure is the duplicate key of {@code refresh_targets}, however it arrives: as
     * the driver's {@link PgException}, or converted by Hibernate into a
     * {@link ConstraintViolationException} over a {@link java.sql.SQLException} that no longer
     * carries the driver's exception (what the refresher met when its consumers started together).
     */
    static boolean lostInsertRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && DUPLICATE_KEY.equals(pg.getSqlState())
                    && PRIMARY_KEY.equals(pg.getConstraint())) {
                return true;
            }
            if (t instanceof ConstraintViolationException violation && (PRIMARY_KEY.equals(violation.getConstraintName())
                    || DUPLICATE_KEY.equals(violation.getSQLState()) && String.valueOf(violation.getMessage()).contains(PRIMARY_KEY))) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains(PRIMARY_KEY)) {
                return true;
            }
        }
        return false;
    }

    private Uni<RefreshTargetEntity> lock(UUID integrationId) {
        return repository.findById(integrationId, LockModeType.PESSIMISTIC_WRITE);
    }

    private Uni<Boolean> upsert(RefreshTargetEntity existing, UUID organizationId, UUID integrationId, long version,
            String slug, McpServerConfig config, UUID credentialId) {
        boolean changed = existing == null || !existing.config().equals(config)
                || !Objects.equals(existing.credentialId, credentialId);
        RefreshTargetEntity target = existing != null ? existing : new RefreshTargetEntity();
        target.integrationId = integrationId;
        target.organizationId = organizationId;
        target.slug = slug;
        target.configure(config, credentialId);
        target.integrationVersion = version;
        target.refreshRequired = target.refreshRequired || changed;
        target.updatedAt = Instant.now();
        if (changed) {
            // Its caller lists it right away: no scheduler (of any instance) starts a second listing meanwhile.
            target.listingClaimedUntil = claims.claimedUntil(target.updatedAt);
        }
        Uni<?> saved = existing != null ? Uni.createFrom().voidItem() : repository.persist(target);
        return saved.replaceWith(changed);
    }
}
