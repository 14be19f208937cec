package ai.crafted.tracing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Runs a piece of reactive work with one OpenTelemetry span as its current span, so that whatever
 * the work starts (Vert.x HTTP client requests, Kafka sends, outbox writes, child spans) belongs to
 * that span.
 *
 * <p>Why a context of its own: in Quarkus the current OpenTelemetry context lives in the local
 * data of the Vert.x duplicated context (QuarkusContextStorage), and the Vert.x HTTP client's
 * tracer reads it from there when it writes the request head, which may be after a connection
 * was acquired, long after a {@code try (Scope s = span.makeCurrent())} block has closed. Several
 * pieces of one request run at once on the request's context (a turn's tool calls run
 * concurrently), so one shared slot cannot name the right parent for each. Each piece therefore
 * gets a new duplicated context on the same event loop, holding its span for as long as it runs,
 * and is assembled there too (SmallRye Context Propagation runs each Mutiny operator in the
 * context that was current when it was assembled). Its results are handed back on the caller's
 * context, so the caller's code after it runs where it ran before (and under the caller's own
 * span). Work whose span is not sampled (tracing off, or a trace not kept) runs as it would
 * without tracing, on the caller's context.
 */
public final class TracedWork {

    /** The OpenTelemetry {@code error.type} attribute (semantic conventions, "Recording errors"). */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private TracedWork() {
    }

    /**
     * Runs {@code work} under {@code span} (a span the caller started as a child of {@code parent})
     * with {@link #within}, and ends the span once, when the work ends:
     * <ul>
     * <li>with an item: {@code describe} adds what the item tells (outcome attributes, an error
     * status for an item that stands for a failure), then the span ends;</li>
     * <li>with a failure: {@code error.type} is the failure's class name (never its message, which
     * can quote a provider, a server or a secret) and the status is {@code ERROR};</li>
     * <li>cancelled (the client went away): {@code error.type=cancelled}, status {@code ERROR}.</li>
     * </ul>
     *
     * @param describe called with the span and the item before the span ends; may be a no-op
     */
    public static <T> Uni<T> inSpan(Vertx vertx, Context parent, Span span, Supplier<Uni<T>> work, BiConsumer<Span, T> describe) {
        // One termination callback for all three ends: a cancellation travels upstream, so an
        // onCancellation placed before an onTermination would run after the span had ended.
        return within(vertx, parent.with(span), work)
                .onTermination().invoke((item, failure, cancelled) -> {
                    try {
                        if (cancelled) {
                            span.setAttribute(ERROR_TYPE, "cancelled").setStatus(StatusCode.ERROR);
                        } else if (failure != null) {
                            span.setAttribute(ERROR_TYPE, failure.getClass().getName()).setStatus(StatusCode.ERROR);
                        } else {
                            describe.accept(span, item);
                        }
                    } finally {
                        span.end();
                    }
                });
    }

    /**
     * Subscribes to {@code work} on a new duplicated Vert.x context whose current OpenTelemetry
     * context is {@code trace} (typically a span's: {@code parent.with(span)}); emits its item or
     * failure on the caller's Vert.x context (when the caller runs on one). Ends nothing. When
     * {@code trace}'s span is not sampled, just subscribes to {@code work}.
     *
     * @param vertx used when the caller is not on a Vert.x thread
     */
    public static <T> Uni<T> within(Vertx vertx, Context trace, Supplier<Uni<T>> work) {
        // Sampled rather than recording: the span of a consumed record has already ended.
        if (!Span.fromContext(trace).getSpanContext().isSampled()) {
            return Uni.createFrom().deferred(work::get);
        }
        return onOwnContext(vertx, trace, work);
    }

    /**
     * Runs background work (a poll of a table, a cleanup) so that nothing it does is traced: on its
     * own Vert.x context under a valid but unsampled parent, which the parent-based sampler follows
     * for every span the work would start (its database statements, above all). Without it each
     * poll's statement would be a new root trace kept at the configured ratio: at a 1 s poll two
     * traces a second per instance, most of what a collector would get from an idle service. Work
     * that starts its own traces from records it finds (the outbox relay) carries their context
     * explicitly and is unaffected.
     */
    public static <T> Uni<T> untraced(Vertx vertx, Supplier<Uni<T>> work) {
        return onOwnContext(vertx, Context.root().with(Span.wrap(UNSAMPLED)), work);
    }

    /** A parent no trace is kept under: fixed ids, not sampled, never exported (nothing under it is). */
    private static final SpanContext UNSAMPLED = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
            TraceFlags.getDefault(), TraceState.getDefault());

    private static <T> Uni<T> onOwnContext(Vertx vertx, Context trace, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            io.vertx.core.Context caller = Vertx.currentContext();
            io.vertx.core.Context own = VertxContext.createNewDuplicatedContext(caller != null ? caller : vertx.getOrCreateContext());
            // As Quarkus does for the duplicated contexts it creates: the work may use Hibernate Reactive.
            VertxContextSafetyToggle.setContextSafe(own, true);
            Uni<T> traced = Uni.createFrom().emitter(emitter -> {
                AtomicReference<Cancellable> running = new AtomicReference<>();
                AtomicBoolean ended = new AtomicBoolean();
                emitter.onTermination(() -> {
                    ended.set(true);
                    Cancellable started = running.get();
                    if (started != null) {
                        started.cancel();
                    }
                });
                own.runOnContext(ignored -> {
                    if (ended.get()) {
                        return; // cancelled before it started
                    }
                    // Never closed: the context is this work's alone, and is dropped with it.
                    trace.makeCurrent();
                    // Assembled here, not by the caller: SmallRye Context Propagation gives each
                    // Mutiny operator the context current when it was assembled.
                    Uni<T> uni;
                    try {
                        uni = work.get();
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                        return;
                    }
                    Cancellable subscription = uni.subscribe().with(emitter::complete, emitter::fail);
                    running.set(subscription);
                    if (ended.get()) {
                        subscription.cancel(); // cancelled (on another thread) while it was being subscribed
                    }
                });
            });
            return caller == null ? traced : traced.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }
}
