package ai.crafted.catalog.refresh;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import ai.crafted.mcp.McpClient;

/**
 * Lists a server's tools again when it says they changed: {@code notifications/tools/list_changed}
 * on a stream the refresher holds (a listening session, see {@code mcp.sessions.listen}, or a
 * listing's own stream), debounced per integration by the {@link McpClient}. The gateway turns
 * the notifications its tool calls see into refresh requests, which arrive through
 * {@link RefreshRequestConsumer}.
 */
@ApplicationScoped
public class ToolsListChangedRefresh {

    private static final Logger LOG = Logger.getLogger(ToolsListChangedRefresh.class);

    private final RefreshTargetRepository targets;
    private final CatalogRefresher refresher;
    private final MeterRegistry meters;
    private final Vertx vertx;

    public ToolsListChangedRefresh(RefreshTargetRepository targets, CatalogRefresher refresher, MeterRegistry meters,
            Vertx vertx) {
        this.targets = targets;
        this.refresher = refresher;
        this.meters = meters;
        this.vertx = vertx;
    }

    void listen(@Observes StartupEvent start, McpClient mcp) {
        mcp.onToolsListChanged(this::changed);
    }

    void changed(String owner) {
        UUID integrationId;
        try {
            integrationId = UUID.fromString(owner);
        } catch (IllegalArgumentException e) {
            return;
        }
        meters.counter("catalog.tools.list.changed").increment();
        OwnSession.run(vertx, () -> Panache.withSession(() -> targets.findById(integrationId)))
                .subscribe().with(row -> {
                    if (row != null) {
                        refresher.refreshInBackground(RefreshTarget.of(row));
                    }
                }, failure -> LOG.warnf("could not look up %s after its tools changed: %s", integrationId,
                        failure.getMessage()));
    }
}
