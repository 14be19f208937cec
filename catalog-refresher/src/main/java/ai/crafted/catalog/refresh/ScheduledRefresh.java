package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.replay.ReplayProgress;
import ai.crafted.secrets.CredentialSecrets;

/**
 * Keeps catalogs fresh without anyone asking: healthy catalogs after {@code catalog.refresh.max-age}
 * (or the server's own 2026-07-28 {@code ttlMs}, within {@code min-ttl} and {@code max-ttl}),
 * failed or pending ones after {@code catalog.refresh.retry-after}, and catalogs listed with a
 * credential version that has since been rotated (also right away, see {@link #refreshUsing}),
 * a bounded number at a time.
 */
@ApplicationScoped
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final RefreshTargetRepository targets;
    private final CatalogRefresher refresher;
    private final CredentialSecrets credentials;
    private final ReplayProgress replay;
    private final CatalogConfig config;

    public ScheduledRefresh(RefreshTargetRepository targets, CatalogRefresher refresher, CredentialSecrets credentials,
            ReplayProgress replay, CatalogConfig config) {
        this.targets = targets;
        this.refresher = refresher;
        this.credentials = credentials;
        this.replay = replay;
        this.config = config;
    }

    @Scheduled(every = "${catalog.refresh.schedule-check-interval}", delayed = "${catalog.refresh.schedule-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        return dueTargets().chain(due -> {
            if (!due.isEmpty()) {
                LOG.infof("scheduled refresh of %d catalog(s)", due.size());
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUni(t -> refresher.refresh(t, null)).merge(config.refresh().concurrency())
                    .collect().last().replaceWithVoid();
        }).onFailure().invoke(e -> LOG.warnf("scheduled refresh round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * After a credential rotation: lists again, in the background, every catalog that was listed
     * with an older version of that credential. Does nothing while the credentials are still
     * being replayed at start-up (the scheduler reconciles once they are).
     */
    public Uni<Void> refreshUsing(UUID organizationId, UUID credentialId) {
        if (!replay.caughtUp()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> targets.list("credentialId", credentialId))
                .invoke(rows -> rows.stream().filter(this::listedWithAnotherCredentialVersion)
                        .forEach(row -> refresher.refreshInBackground(RefreshTarget.of(row))))
                .replaceWithVoid();
    }

    Uni<List<RefreshTarget>> dueTargets() {
        Instant now = Instant.now();
        // A server's own TTL (next_refresh_at) replaces max-age; see CatalogStore.
        return Panache.withSession(() -> targets.find("lastAttemptAt is null"
                + " or (refreshRequired = true and lastAttemptAt < ?1)"
                + " or (nextRefreshAt is null and lastAttemptAt < ?2) or nextRefreshAt <= ?3"
                + " order by lastAttemptAt nulls first", now.minus(config.refresh().retryAfter()),
                now.minus(config.refresh().maxAge()), now).page(0, 500).list()
                .chain(due -> rotated().map(stale -> {
                    Map<UUID, RefreshTarget> all = new LinkedHashMap<>();
                    due.forEach(row -> all.put(row.integrationId, RefreshTarget.of(row)));
                    stale.forEach(row -> all.putIfAbsent(row.integrationId, RefreshTarget.of(row)));
                    return List.copyOf(all.values());
                })));
    }

    private Uni<List<RefreshTargetEntity>> rotated() {
        if (!replay.caughtUp()) {
            return Uni.createFrom().item(List.of());
        }
        return targets.list("credentialId is not null")
                .map(rows -> rows.stream().filter(this::listedWithAnotherCredentialVersion).toList());
    }

    private boolean listedWithAnotherCredentialVersion(RefreshTargetEntity row) {
        var current = credentials.versionOf(row.organizationId, row.credentialId);
        return current.isPresent() && row.catalogFingerprint != null
                && (row.catalogCredentialVersion == null || row.catalogCredentialVersion != current.getAsLong());
    }
}
