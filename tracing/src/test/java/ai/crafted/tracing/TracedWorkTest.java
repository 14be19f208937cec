package ai.crafted.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/** {@link TracedWork#inSpan}: the work runs under the span, and the span ends once with what the work ended with. */
class TracedWorkTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    // Every new trace kept, as in production at ratio 1.0.
    private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(SimpleSpanProcessor.create(EXPORTER)).build();
    private static final Tracer TRACER = PROVIDER.get("test");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("test.outcome");

    @BeforeEach
    void clear() {
        EXPORTER.reset();
    }

    @AfterAll
    static void close() {
        PROVIDER.close();
        VERTX.close();
    }

    @Test
    void anItemIsDescribedAndTheSpanEndsWithoutAnError() {
        Span span = TRACER.spanBuilder("work").startSpan();
        AtomicReference<String> currentInside = new AtomicReference<>();
        String answer = TracedWork.inSpan(VERTX, Context.root(), span, () -> {
            currentInside.set(Span.current().getSpanContext().getSpanId());
            return Uni.createFrom().item("done");
        }, (traced, item) -> traced.setAttribute(OUTCOME, item)).await().atMost(Duration.ofSeconds(5));

        assertThat(answer).isEqualTo("done");
        assertThat(currentInside.get()).as("the span is current while the work is assembled").isEqualTo(span.getSpanContext().getSpanId());
        SpanData ended = onlyEndedSpan();
        assertThat(ended.getAttributes().get(OUTCOME)).isEqualTo("done");
        assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(ended.getAttributes().get(TracedWork.ERROR_TYPE)).isNull();
    }

    @Test
    void aFailureNamesItsClassNotItsMessage() {
        Span span = TRACER.spanBuilder("work").startSpan();
        Uni<String> failing = TracedWork.inSpan(VERTX, Context.root(), span,
                () -> Uni.createFrom().failure(new IllegalStateException("secret sk-123 in a message")),
                (traced, item) -> traced.setAttribute(OUTCOME, "should not be called"));

        assertThatThrownBy(() -> failing.await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class);
        SpanData ended = onlyEndedSpan();
        assertThat(ended.getAttributes().get(TracedWork.ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
        assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(ended.getAttributes().get(OUTCOME)).isNull();
        assertThat(ended.getAttributes().toString()).doesNotContain("sk-123");
    }

    @Test
    void cancelledWorkEndsTheSpanAsCancelled() throws InterruptedException {
        Span span = TRACER.spanBuilder("work").startSpan();
        Cancellable running = TracedWork.inSpan(VERTX, Context.root(), span, () -> Uni.createFrom().<String>nothing(),
                (traced, item) -> { }).subscribe().with(item -> { });
        Thread.sleep(100);
        assertThat(EXPORTER.getFinishedSpanItems()).as("not ended while the work runs").isEmpty();

        running.cancel();

        SpanData ended = onlyEndedSpan();
        assertThat(ended.getAttributes().get(TracedWork.ERROR_TYPE)).isEqualTo("cancelled");
        assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void nothingBackgroundWorkStartsIsKeptWhileNewTracesOutsideItAre() {
        String inside = TracedWork.untraced(VERTX, () -> {
            TRACER.spanBuilder("SELECT outbox_events").setSpanKind(SpanKind.CLIENT).startSpan().end();
            return Uni.createFrom().item("polled");
        }).await().atMost(Duration.ofSeconds(5));
        TRACER.spanBuilder("a new trace").startSpan().end();

        assertThat(inside).isEqualTo("polled");
        assertThat(EXPORTER.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("a new trace");
    }

    private static SpanData onlyEndedSpan() {
        assertThat(EXPORTER.getFinishedSpanItems()).hasSize(1);
        return EXPORTER.getFinishedSpanItems().get(0);
    }
}
