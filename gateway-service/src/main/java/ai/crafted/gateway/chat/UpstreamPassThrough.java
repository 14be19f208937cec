package ai.crafted.gateway.chat;

import java.util.function.Function;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;

/**
 * A request the gateway adds nothing to, sent to the provider as it is, its answer piped back:
 * status, forwardable headers ({@link ProviderHeaders}), content type and body; a successful
 * stream is piped as it comes (back-pressured), and a client that disconnects from it resets the
 * provider's request. Failures reaching the provider are OpenAI errors ({@link OpenAiErrors}).
 */
public final class UpstreamPassThrough {

    private UpstreamPassThrough() {
    }

    /**
     * @param path            the provider path ({@code /chat/completions}, {@code /responses})
     * @param jsonAsEventStream for a provider that answers JSON to a streaming request: that body as
     *                          the event stream the client asked for; null to pass the JSON on
     */
    public static void forward(RoutingContext rc, UpstreamClient upstream, UpstreamTarget target, String path, Buffer body,
            boolean stream, Function<Buffer, String> jsonAsEventStream) {
        upstream.send(target, HttpMethod.POST, path, body).subscribe().with(response -> {
            HttpServerResponse out = rc.response().setStatusCode(response.statusCode());
            ProviderHeaders.apply(upstream.forwardableHeaders(response), out);
            String type = response.getHeader("Content-Type");
            out.putHeader("Content-Type", type != null ? type : stream ? "text/event-stream" : "application/json");
            boolean ok = response.statusCode() / 100 == 2;
            if (stream && ok && jsonAsEventStream != null && type != null && !type.toLowerCase().startsWith("text/event-stream")) {
                upstream.body(response).subscribe().with(answer -> out.putHeader("Content-Type", "text/event-stream")
                        .end(jsonAsEventStream.apply(answer)), failure -> OpenAiErrors.failure(rc, failure));
                return;
            }
            if (stream && ok) {
                out.setChunked(true);
                out.closeHandler(ignored -> {
                    if (!out.ended()) {
                        response.request().reset();
                    }
                });
                response.pipeTo(out);
                return;
            }
            upstream.body(response).subscribe().with(out::end, failure -> OpenAiErrors.failure(rc, failure));
        }, failure -> OpenAiErrors.failure(rc, failure));
    }
}
