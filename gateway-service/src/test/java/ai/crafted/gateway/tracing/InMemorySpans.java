package ai.crafted.gateway.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.context.SettableContextStorageProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.opentelemetry.runtime.QuarkusContextStorage;

/**
 * The tests' span exporter: a SpanExporter bean replaces Quarkus' OTLP exporter, so the spans the
 * app ends are kept here (only sampled ones: the test profile samples only traces a test starts
 * with a sampled {@code traceparent}).
 */
@ApplicationScoped
public class InMemorySpans {

    static {
        // opentelemetry-sdk-testing registers a context storage that takes precedence over every
        // other one (a thread-local by default); the app must keep the current context on the
        // Vert.x context, as Quarkus' storage does in production, or the tests see another app.
        SettableContextStorageProvider.setContextStorage(QuarkusContextStorage.INSTANCE);
    }

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
