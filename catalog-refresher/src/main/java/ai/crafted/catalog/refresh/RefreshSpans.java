package ai.crafted.catalog.refresh;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.vertx.core.Vertx;

import ai.crafted.tracing.TracedWork;

/**
 * The refresher's own span: {@code catalog refresh}, one per refresh of one integration (from a
 * request, an integration change or the schedule), a child of whatever started it (the consumed
 * record's span, which continues the control panel's trace). Its MCP requests and the outbox row
 * of the resulting {@code catalog-updated} event belong to it, so the gateway and the control
 * panel continue the same trace when they consume the catalog.
 *
 * <p>Attributes (ours; the OpenTelemetry conventions have none for this): {@code crafted.integration.id},
 * {@code crafted.organization.id}, {@code crafted.refresh.request_id} (when requested),
 * {@code crafted.refresh.outcome} ({@code success} or the failure's kind: {@code timeout},
 * {@code http_status}, …), {@code crafted.catalog.tools} (tools listed). No endpoint, header or
 * error text: they can carry secrets.
 */
@ApplicationScoped
public class RefreshSpans {

    static final AttributeKey<String> INTEGRATION_ID = AttributeKey.stringKey("crafted.integration.id");
    static final AttributeKey<String> ORGANIZATION_ID = AttributeKey.stringKey("crafted.organization.id");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("crafted.refresh.request_id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("crafted.refresh.outcome");
    static final AttributeKey<Long> TOOLS = AttributeKey.longKey("crafted.catalog.tools");
    static final AttributeKey<String> ERROR_TYPE = TracedWork.ERROR_TYPE;

    private final Tracer tracer;
    private final Vertx vertx;

    public RefreshSpans(OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = openTelemetry.getTracer("ai.crafted.catalog");
        this.vertx = vertx;
    }

    /**
     * Runs a consumer's work with the consumed record's span as the current one, so the refreshes it
     * starts continue the producer's trace: SmallRye Reactive Messaging ends that span before the
     * {@code @Incoming} method runs, and passes it only as the record's {@link TracingMetadata}.
     *
     * @param record the record's tracing metadata, empty when tracing is off
     */
    <T> Uni<T> continuing(Optional<TracingMetadata> record, Supplier<Uni<T>> work) {
        Context consumed = record.map(TracingMetadata::getCurrentContext).orElse(null);
        return consumed == null ? Uni.createFrom().deferred(work::get) : TracedWork.within(vertx, consumed, work);
    }

    /** Runs one refresh (listing and recording) under a {@code catalog refresh} span, ended with its outcome. */
    Uni<Void> refresh(RefreshTarget target, UUID requestId, Supplier<Uni<RefreshOutcome>> refresh) {
        return Uni.createFrom().deferred(() -> {
            Context parent = Context.current();
            var builder = tracer.spanBuilder("catalog refresh").setSpanKind(SpanKind.INTERNAL).setParent(parent)
                    .setAttribute(INTEGRATION_ID, target.integrationId().toString())
                    .setAttribute(ORGANIZATION_ID, target.organizationId().toString());
            if (requestId != null) {
                builder.setAttribute(REQUEST_ID, requestId.toString());
            }
            Span span = builder.startSpan();
            return TracedWork.inSpan(vertx, parent, span, refresh, (traced, outcome) -> {
                traced.setAttribute(OUTCOME, outcome.succeeded() ? "success" : outcome.errorKind());
                if (outcome.succeeded()) {
                    traced.setAttribute(TOOLS, (long) outcome.catalog().tools().size());
                } else {
                    traced.setAttribute(ERROR_TYPE, outcome.errorKind());
                    traced.setStatus(StatusCode.ERROR);
                }
            })
                    .replaceWithVoid();
        });
    }
}
