package ai.crafted.catalog.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * The tests' span exporter: a SpanExporter bean replaces Quarkus' OTLP exporter, so the spans the
 * app ends are kept here (only sampled ones: the test profile samples only traces a test starts
 * with a sampled {@code traceparent}).
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
