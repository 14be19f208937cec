package ai.crafted.gateway.approval;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.tracing.TracedWork;

/**
 * Marks approvals past their expiry as expired every {@code gateway.approvals.expiry-interval},
 * so the control panel and a waiting WhatsApp conversation learn of it ({@code approval-updated}).
 * Using an approval checks the expiry itself; this only tells the others. Several instances may
 * run it at once: each row changes in a transaction, and one already expired is not selected again.
 */
@ApplicationScoped
public class ApprovalExpiry {

    private static final Logger LOG = Logger.getLogger(ApprovalExpiry.class);
    private static final int BATCH = 200;

    private final ApprovalStore store;
    private final Vertx vertx;

    public ApprovalExpiry(ApprovalStore store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    @Scheduled(every = "${gateway.approvals.expiry-interval:PT30S}", delayed = "${gateway.approvals.expiry-interval:PT30S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireDue() {
        return TracedWork.untraced(vertx, () -> store.expireDue(BATCH))
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("%d approval(s) expired", expired);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("approval expiry round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
