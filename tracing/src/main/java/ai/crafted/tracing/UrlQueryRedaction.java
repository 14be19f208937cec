package ai.crafted.tracing;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Replaces the values of query parameters in the URL attributes of every span as it starts, so no
 * query-string secret reaches a collector: the WhatsApp webhook verification's
 * {@code hub.verify_token}, an OAuth callback's {@code code} and {@code state}, an MCP endpoint's
 * {@code ?api_key=…}. The HTTP instrumentation records {@code url.query} on server spans and
 * {@code url.full} on client spans (OpenTelemetry HTTP semantic conventions) and itself redacts
 * only user info and a few cloud-signature parameters.
 *
 * <p>Shape: {@code a=1&b&c=} becomes {@code a=REDACTED&REDACTED&c=REDACTED} (names kept, since they
 * tell what was asked; a bare segment may itself be a token); {@code https://h/p?a=1#f} becomes
 * {@code https://h/p?a=REDACTED#f}. Paths are kept. quarkus-opentelemetry adds every CDI
 * {@link SpanProcessor} bean to the tracer provider; this one runs at span start, before any
 * exporter sees the span.
 */
@Singleton
public class UrlQueryRedaction implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final String REDACTED = "REDACTED";

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redactQuery(query));
        }
        String full = span.getAttribute(URL_FULL);
        if (full != null) {
            span.setAttribute(URL_FULL, redactUrl(full));
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: the URL attributes are set when the span starts
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** A query string ({@code a=1&b}, without {@code ?}) with every value, and every bare segment, replaced by {@code REDACTED}. */
    static String redactQuery(String query) {
        if (query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String segment : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            if (segment.isEmpty()) {
                continue;
            }
            int equals = segment.indexOf('=');
            out.append(equals < 0 ? REDACTED : segment.substring(0, equals + 1) + REDACTED);
        }
        return out.toString();
    }

    /** An absolute URL with its query's values redacted ({@link #redactQuery}); its fragment is kept. */
    static String redactUrl(String url) {
        int hash = url.indexOf('#');
        int question = url.indexOf('?');
        if (question < 0 || (hash >= 0 && hash < question)) {
            return url; // no query; a '?' after '#' belongs to the fragment
        }
        String query = hash < 0 ? url.substring(question + 1) : url.substring(question + 1, hash);
        return url.substring(0, question + 1) + redactQuery(query) + (hash < 0 ? "" : url.substring(hash));
    }
}
