package ai.crafted.whatsapp.reply;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.vertx.core.Vertx;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.tracing.TracedWork;

/**
 * The worker's own span: {@code whatsapp reply}, one per inbound message answered, a child of the
 * {@code whatsapp-inbound} record's consumer span, which continues the webhook request's trace
 * (SmallRye Reactive Messaging carries it in the record's headers). The reply runs later than the
 * record is handed over (after the conversation's earlier replies, {@link ConversationDispatcher}),
 * so its parent is taken from the record's {@link TracingMetadata}, not from whatever is current.
 * The gateway request, the Graph API request and the database statements of the reply belong to
 * this span; the gateway continues the trace from the request's {@code traceparent}.
 *
 * <p>Attributes (ours; no OpenTelemetry convention covers this): {@code crafted.whatsapp.app.id},
 * {@code crafted.organization.id}, {@code messaging.message.id} (the WhatsApp message id, wamid),
 * {@code crafted.whatsapp.message.type}; {@code error.type} when the reply failed after its
 * retries ({@code cancelled} when given up). Never the customer's number, user id or text.
 */
@ApplicationScoped
public class ReplySpans {

    static final AttributeKey<String> APP_ID = AttributeKey.stringKey("crafted.whatsapp.app.id");
    static final AttributeKey<String> ORGANIZATION_ID = AttributeKey.stringKey("crafted.organization.id");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("crafted.whatsapp.message.type");

    private final Tracer tracer;
    private final Vertx vertx;

    public ReplySpans(OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = openTelemetry.getTracer("ai.crafted.whatsapp");
        this.vertx = vertx;
    }

    /** Runs the reply to {@code message}, consumed as {@code record}, under a {@code whatsapp reply} span. */
    Uni<Void> reply(Message<?> record, WhatsAppInboundMessage message, Supplier<Uni<Void>> reply) {
        return Uni.createFrom().deferred(() -> {
            Context parent = TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext)
                    .orElseGet(Context::current);
            Span span = tracer.spanBuilder("whatsapp reply").setSpanKind(SpanKind.INTERNAL).setParent(parent)
                    .setAttribute(APP_ID, String.valueOf(message.appId()))
                    .setAttribute(ORGANIZATION_ID, String.valueOf(message.organizationId()))
                    .setAttribute(MESSAGE_ID, String.valueOf(message.messageId()))
                    .setAttribute(MESSAGE_TYPE, String.valueOf(message.type()))
                    .startSpan();
            return TracedWork.inSpan(vertx, parent, span, reply, (traced, done) -> {
            });
        });
    }
}
