package ai.crafted.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The W3C trace context (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>:
 * {@code traceparent} and {@code tracestate}) of the code that writes an outbox event, kept with
 * the event and sent as Kafka record headers when the relay publishes it. The relay runs later,
 * on its own schedule; without this, a consumer's span would start a trace of its own instead of
 * continuing the request that made the change. The header names are the ones the OpenTelemetry
 * Kafka instrumentation (and so SmallRye Reactive Messaging's consumers) reads.
 *
 * @param traceparent e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}; null when
 *                    the writer was not traced (tracing off, or no span current)
 * @param tracestate  vendor entries, or null when there are none
 */
public record OutboxTraceContext(String traceparent, String tracestate) {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final OutboxTraceContext NONE = new OutboxTraceContext(null, null);

    /** Most characters of a stored {@code tracestate} (the column's size; W3C: propagate at least 512). */
    static final int TRACESTATE_MAX = 512;
    /** W3C: when truncating, list-members longer than this are removed first. */
    private static final int LONG_MEMBER = 128;

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = Map::put;

    /** The current OpenTelemetry context as W3C headers; {@link #NONE} when it holds no valid span. */
    public static OutboxTraceContext current() {
        Map<String, String> headers = new HashMap<>(2);
        // W3C directly rather than the configured propagators: the stored columns are W3C by contract.
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, MAP_SETTER);
        String traceparent = headers.get(TRACEPARENT);
        return traceparent == null ? NONE : new OutboxTraceContext(traceparent, truncated(headers.get(TRACESTATE)));
    }

    /**
     * A {@code tracestate} of at most {@link #TRACESTATE_MAX} characters, truncated as W3C Trace
     * Context ("tracestate limits") says: whole list-members are removed, those over 128 characters
     * first, then from the right (the least recently updated). A caller can send a longer one, and
     * the OpenTelemetry propagator passes it on; stored as is it would fail the writer's insert.
     *
     * @return the value unchanged when short enough; null when nothing is left
     */
    static String truncated(String tracestate) {
        if (tracestate == null || tracestate.length() <= TRACESTATE_MAX) {
            return tracestate;
        }
        List<String> members = new ArrayList<>();
        for (String member : tracestate.split(",")) {
            String trimmed = member.strip();
            if (!trimmed.isEmpty() && trimmed.length() <= LONG_MEMBER) {
                members.add(trimmed);
            }
        }
        while (!members.isEmpty() && String.join(",", members).length() > TRACESTATE_MAX) {
            members.remove(members.size() - 1);
        }
        return members.isEmpty() ? null : String.join(",", members);
    }

    /** Adds the headers to a record about to be sent; adds nothing for {@link #NONE}. */
    void addTo(Headers headers) {
        if (traceparent != null) {
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
            if (tracestate != null && !tracestate.isEmpty()) {
                headers.add(TRACESTATE, tracestate.getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
