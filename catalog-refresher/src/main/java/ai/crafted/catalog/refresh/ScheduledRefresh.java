package ai.crafted.catalog.refresh;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;

/**
 * Keeps catalogs fresh without anyone asking: healthy catalogs after {@code catalog.refresh.max-age},
 * failed or pending ones after {@code catalog.refresh.retry-after}, a bounded number at a time.
 */
@ApplicationScoped
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class);

    private final Pool pool;
    private final CatalogRefresher refresher;
    private final CatalogConfig config;

    public ScheduledRefresh(Pool pool, CatalogRefresher refresher, CatalogConfig config) {
        this.pool = pool;
        this.refresher = refresher;
        this.config = config;
    }

    @Scheduled(every = "${catalog.refresh.schedule-check-interval}", delayed = "${catalog.refresh.schedule-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        return dueTargets().chain(targets -> {
            if (!targets.isEmpty()) {
                LOG.infof("scheduled refresh of %d catalog(s)", targets.size());
            }
            return Multi.createFrom().iterable(targets)
                    .onItem().transformToUni(t -> refresher.refresh(t, null)).merge(config.refresh().concurrency())
                    .collect().last().replaceWithVoid();
        }).onFailure().invoke(e -> LOG.warnf("scheduled refresh round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<List<RefreshTarget>> dueTargets() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("select * from refresh_targets where last_attempt_at is null"
                + " or (refresh_required and last_attempt_at < $1) or last_attempt_at < $2"
                + " order by last_attempt_at nulls first limit 500")
                .execute(Tuple.of(now.minus(config.refresh().retryAfter()), now.minus(config.refresh().maxAge())))
                .map(rows -> {
                    List<RefreshTarget> targets = new ArrayList<>();
                    for (Row row : rows) {
                        targets.add(new RefreshTarget(row.getUUID("organization_id"), row.getUUID("integration_id"),
                                new McpServerConfig(row.getString("endpoint"), McpTransport.valueOf(row.getString("transport")),
                                        row.getInteger("timeout_ms")),
                                row.getUUID("credential_id")));
                    }
                    return targets;
                });
    }
}
