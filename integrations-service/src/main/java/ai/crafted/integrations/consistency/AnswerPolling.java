package ai.crafted.integrations.consistency;

import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.integrations.config.IntegrationsConfig;

/**
 * Waits for another service's answer to a request sent over Kafka (a catalog refresh, a tool
 * trial) by reading our own stored copy of it every {@code integrations.refresh.poll-interval}
 * (default 200 ms) until it is there or a deadline passes. Vert.x timers keep the caller on its
 * context, so the reads can use the reactive session.
 */
@ApplicationScoped
public class AnswerPolling {

    private final Vertx vertx;
    private final IntegrationsConfig config;

    public AnswerPolling(Vertx vertx, IntegrationsConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Reads until {@code answered} accepts what was read or {@code deadline} has passed.
     *
     * @return the last read: answered, or not yet when the deadline passed (the caller decides what that means)
     */
    public <T> Uni<T> until(Supplier<Uni<T>> read, Predicate<T> answered, Instant deadline) {
        return read.get().chain(value -> answered.test(value) || Instant.now().isAfter(deadline)
                ? Uni.createFrom().item(value)
                : Uni.createFrom().<Long>emitter(e -> vertx.setTimer(config.refresh().pollInterval().toMillis(), e::complete))
                        .chain(() -> until(read, answered, deadline)));
    }
}
