package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.secrets.CredentialSecrets;
import ai.crafted.tracing.TracedWork;

/**
 * Keeps catalogs fresh without anyone asking: healthy catalogs after {@code catalog.refresh.max-age}
 * (or the server's own 2026-07-28 {@code ttlMs}, within {@code min-ttl} and {@code max-ttl}),
 * failed or pending ones after {@code catalog.refresh.retry-after}, and catalogs listed with a
 * credential version that has since been rotated (also right away, see {@link #refreshUsing}),
 * a bounded number at a time. Every instance runs this; each listing is claimed first
 * ({@link ListingClaims}), so a due catalog is listed by one of them.
 */
@ApplicationScoped
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final RefreshTargetRepository targets;
    private final CatalogRefresher refresher;
    private final CredentialSecrets credentials;
    private final ReplayProgress replay;
    private final CatalogConfig config;
    private final ListingClaims claims;
    private final Vertx vertx;

    /** A target found due, or listed with an older credential version ({@code rotatedTo}, null when due). */
    private record Candidate(RefreshTarget target, Long rotatedTo) {
    }

    public ScheduledRefresh(RefreshTargetRepository targets, CatalogRefresher refresher, CredentialSecrets credentials,
            ReplayProgress replay, CatalogConfig config, ListingClaims claims, Vertx vertx) {
        this.vertx = vertx;
        this.targets = targets;
        this.refresher = refresher;
        this.credentials = credentials;
        this.replay = replay;
        this.config = config;
        this.claims = claims;
    }

    @Scheduled(every = "${catalog.refresh.schedule-check-interval}", delayed = "${catalog.refresh.schedule-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        // The check is not traced (TracedWork.untraced); each refresh it starts is a trace of its own.
        return TracedWork.untraced(vertx, this::candidates).chain(due -> {
            if (!due.isEmpty()) {
                LOG.infof("scheduled refresh of %d catalog(s)", due.size());
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUni(this::refreshIfClaimed).merge(config.refresh().concurrency())
                    .collect().last().replaceWithVoid();
        }).onFailure().invoke(e -> LOG.warnf("scheduled refresh round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * After a credential rotation: lists again, in the background, every catalog that was listed
     * with an older version of that credential (every instance hears of the rotation; the one
     * that claims a catalog lists it). Does nothing while the credentials are still being
     * replayed at start-up (the scheduler reconciles once they are).
     */
    public Uni<Void> refreshUsing(UUID organizationId, UUID credentialId) {
        if (!replay.caughtUp()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> targets.list("credentialId", credentialId))
                .invoke(rows -> rows.stream().filter(this::listedWithAnOlderCredentialVersion)
                        .map(this::asRotated)
                        .forEach(candidate -> claim(candidate).subscribe().with(claimed -> {
                            if (claimed) {
                                refresher.refreshInBackground(candidate.target());
                            }
                        }, failure -> LOG.warnf("could not claim %s after its credential was rotated: %s",
                                candidate.target().integrationId(), failure.getMessage()))))
                .replaceWithVoid();
    }

    /** The catalogs due now, and those listed with a rotated-away credential version (unclaimed ones only). */
    Uni<List<RefreshTarget>> dueTargets() {
        return candidates().map(due -> due.stream().map(Candidate::target).toList());
    }

    private Uni<List<Candidate>> candidates() {
        Instant now = Instant.now();
        // A server's own TTL (next_refresh_at) replaces max-age; see CatalogStore.
        return Panache.withSession(() -> targets.find(ListingClaims.DUE + " and " + ListingClaims.UNCLAIMED
                + " order by lastAttemptAt nulls first", claims.dueParameters(now)).page(0, 500).list()
                .chain(due -> listedWithRotatedCredentials(now).map(stale -> {
                    Map<UUID, Candidate> all = new LinkedHashMap<>();
                    due.forEach(row -> all.put(row.integrationId, new Candidate(RefreshTarget.of(row), null)));
                    stale.forEach(row -> all.putIfAbsent(row.integrationId, asRotated(row)));
                    return List.copyOf(all.values());
                })));
    }

    /** Lists the candidate if this instance claims it: not when another listing of it is under way or has just run. */
    private Uni<Void> refreshIfClaimed(Candidate candidate) {
        return claim(candidate).chain(claimed -> claimed ? refresher.refresh(candidate.target(), null)
                : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> claim(Candidate candidate) {
        UUID id = candidate.target().integrationId();
        return candidate.rotatedTo() == null ? claims.claimDue(id) : claims.claimRotated(id, candidate.rotatedTo());
    }

    private Candidate asRotated(RefreshTargetEntity row) {
        return new Candidate(RefreshTarget.of(row), credentials.versionOf(row.organizationId, row.credentialId).getAsLong());
    }

    private Uni<List<RefreshTargetEntity>> listedWithRotatedCredentials(Instant now) {
        if (!replay.caughtUp()) {
            return Uni.createFrom().item(List.of());
        }
        return targets.list("credentialId is not null and " + ListingClaims.UNCLAIMED, Parameters.with("now", now))
                .map(rows -> rows.stream().filter(this::listedWithAnOlderCredentialVersion).toList());
    }

    /**
     * Listed with a credential version older than the one this instance holds. Not merely another
     * one: a newer version means another instance heard of a rotation first (see
     * {@link ListingClaims#claimRotated}).
     */
    private boolean listedWithAnOlderCredentialVersion(RefreshTargetEntity row) {
        var current = credentials.versionOf(row.organizationId, row.credentialId);
        return current.isPresent() && row.catalogFingerprint != null
                && (row.catalogCredentialVersion == null || row.catalogCredentialVersion < current.getAsLong());
    }
}
