package ai.crafted.gateway.chat;

import java.util.function.Function;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;
import ai.crafted.gateway.usage.UsageRecords;

/**
 * A request the gateway adds nothing to, sent to the provider as it is, its answer piped back:
 * status, forwardable headers ({@link ProviderHeaders}), content type and body; a successful
 * stream is piped as it comes (back-pressured), and a client that disconnects from it resets the
 * provider's request. Failures reaching the provider are OpenAI errors ({@link OpenAiErrors}).
 * The request is one model round of its usage record: the provider's usage is read from a JSON
 * answer (a piped stream is not read: its record has no rounds), and a JSON answer carries
 * {@code Server-Timing}.
 */
public final class UpstreamPassThrough {

    private UpstreamPassThrough() {
    }

    /**
     * @param path            the provider path ({@code /chat/completions}, {@code /responses})
     * @param jsonAsEventStream for a provider that answers JSON to a streaming request: that body as
     *                          the event stream the client asked for; null to pass the JSON on
     * @param meter             measures the request; its record goes to {@code records} when it ends
     */
    public static void forward(RoutingContext rc, UpstreamClient upstream, UpstreamTarget target, String path, Buffer body,
            boolean stream, Function<Buffer, String> jsonAsEventStream, ChatUsage meter, UsageRecords records) {
        long asked = System.nanoTime();
        upstream.send(target, HttpMethod.POST, path, body).subscribe().with(response -> {
            HttpServerResponse out = rc.response().setStatusCode(response.statusCode());
            ProviderHeaders.apply(upstream.forwardableHeaders(response), out);
            String type = response.getHeader("Content-Type");
            out.putHeader("Content-Type", type != null ? type : stream ? "text/event-stream" : "application/json");
            boolean ok = response.statusCode() / 100 == 2;
            if (stream && ok && jsonAsEventStream != null && type != null && !type.toLowerCase().startsWith("text/event-stream")) {
                upstream.body(response).subscribe().with(answer -> {
                    meter.upstreamSince(asked);
                    meter.round(records.usageIn(answer));
                    records.record(meter, UsageRecords.OK);
                    out.putHeader("Content-Type", "text/event-stream").end(jsonAsEventStream.apply(answer));
                }, failure -> failed(rc, meter, records, asked, failure));
                return;
            }
            if (stream && ok) {
                out.setChunked(true);
                out.closeHandler(ignored -> {
                    if (!out.ended()) {
                        response.request().reset();
                    }
                });
                response.pipeTo(out).onComplete(piped -> {
                    meter.upstreamSince(asked);
                    records.record(meter, piped.succeeded() ? UsageRecords.OK
                            : out.closed() ? UsageRecords.CLIENT_DISCONNECTED : UsageRecords.UPSTREAM_ERROR);
                });
                return;
            }
            upstream.body(response).subscribe().with(answer -> {
                meter.upstreamSince(asked);
                if (ok) {
                    meter.round(records.usageIn(answer));
                }
                records.answered(out, meter, ok ? UsageRecords.OK : UsageRecords.UPSTREAM_ERROR);
                out.end(answer);
            }, failure -> failed(rc, meter, records, asked, failure));
        }, failure -> failed(rc, meter, records, asked, failure));
    }

    private static void failed(RoutingContext rc, ChatUsage meter, UsageRecords records, long asked, Throwable failure) {
        meter.upstreamSince(asked);
        records.answered(rc.response(), meter, UsageRecords.statusOf(failure));
        OpenAiErrors.failure(rc, failure);
    }
}
