package ai.crafted.whatsapp.approval;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Picks up turns nobody is working on, at start and every {@code whatsapp.approvals.sweep-interval}:
 * <ul>
 * <li>{@code waiting} with every approval decided (a decision recorded just before a stop, or
 * arriving before the turn was stored, or a resume that could not reach the gateway): resumed;</li>
 * <li>{@code resuming} for longer than {@code whatsapp.approvals.resume-lease} (a worker stopped
 * during the resume): resumed again. The gateway runs an approved call at most once: if it ran
 * before the stop, the resume is refused with {@code approval_already_used} and the customer is told
 * that something went wrong; the tool never runs twice;</li>
 * <li>{@code sending} for longer than the lease (stopped while sending the answer): ended when
 * WhatsApp accepted every part, else parked ({@link TurnResumer#interrupted}).</li>
 * </ul>
 * Every pick-up is a compare-and-set on the row, so instances sweeping at once take each turn once.
 */
@ApplicationScoped
public class PendingTurnSweep {

    private static final Logger LOG = Logger.getLogger(PendingTurnSweep.class);
    /** Turns taken per sweep; the rest wait for the next one. */
    private static final int BATCH = 100;

    private final PendingTurnStore turns;
    private final TurnResumer resumer;
    private final WorkerConfig config;
    private final Vertx vertx;
    private volatile long timer = -1;

    public PendingTurnSweep(PendingTurnStore turns, TurnResumer resumer, WorkerConfig config, Vertx vertx) {
        this.turns = turns;
        this.resumer = resumer;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        long every = Math.max(1, config.approvals().sweepInterval().toMillis());
        vertx.setTimer(1_000, first -> run());
        timer = vertx.setPeriodic(every, tick -> run());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void run() {
        sweep().subscribe().with(count -> {
            if (count > 0) {
                LOG.infof("picked up %d turn(s) waiting for approvals", count);
            }
        }, failure -> LOG.warnf("looking for turns to pick up failed: %s", failure.getMessage()));
    }

    /** One sweep as described on the class; the number of turns taken. */
    public Uni<Integer> sweep() {
        Instant leftBefore = Instant.now().minus(config.approvals().resumeLease());
        return turns.toPickUp(leftBefore, BATCH).onItem().transformToMulti(open -> Multi.createFrom().iterable(open))
                .onItem().transformToUniAndConcatenate(open -> pickUp(open, leftBefore))
                .collect().asList()
                .map(taken -> (int) taken.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> pickUp(PendingTurnStore.Open open, Instant leftBefore) {
        if ("waiting".equals(open.state())) {
            return resumer.resumeIfDecided(open.id());
        }
        return turns.retake(open.id(), open.state(), leftBefore).map(retaken -> {
            retaken.ifPresent(turn -> {
                LOG.warnf("turn %s was left %s by a stopped worker; picked up", turn.id(), turn.state());
                if ("resuming".equals(turn.state())) {
                    resumer.startInOrder(turn);
                } else {
                    resumer.interrupted(turn).subscribe().with(ok -> { },
                            failure -> LOG.warnf("turn %s: %s", turn.id(), failure.getMessage()));
                }
            });
            return retaken.isPresent();
        });
    }
}
