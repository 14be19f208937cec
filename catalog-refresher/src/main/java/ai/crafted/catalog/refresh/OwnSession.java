package ai.crafted.catalog.refresh;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs database work on a new duplicated Vert.x context. Hibernate Reactive keeps one session
 * per context, and refreshes start from contexts that are busy with other work (a Kafka
 * consumer's next record, the scheduler's other refreshes): on their own context they never
 * share, and interleave on, a session. The caller's trace context goes along (the outbox stores
 * it with the events the work writes).
 */
final class OwnSession {

    private OwnSession() {
    }

    static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        // Quarkus lets Hibernate Reactive Panache use only contexts flagged as isolated.
        VertxContextSafetyToggle.setContextSafe(context, true);
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            // Never closed: the context is this work's alone.
            trace.makeCurrent();
            Uni.createFrom().<T>deferred(work::get).subscribe().with(emitter::complete, emitter::fail);
        }));
    }
}
