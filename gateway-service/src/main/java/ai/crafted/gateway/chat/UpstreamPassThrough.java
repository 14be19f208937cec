package ai.crafted.gateway.chat;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
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
 * answer, and from a piped stream's events as they pass (the chunk with {@code usage} a client
 * gets with {@code stream_options.include_usage}, or the Responses API's {@code response.completed}):
 * a stream without one is recorded with no rounds, which the usage figures show as a request
 * without token figures. A JSON answer carries {@code Server-Timing}.
 */
public final class UpstreamPassThrough {

    private UpstreamPassThrough() {
    }

    /**
     * @param path            the provider path ({@code /chat/completions}, {@code /responses})
     * @param jsonAsEventStream for a provider that answers JSON to a streaming request: that body as
     *                          the event stream the client asked for; null to pass the JSON on
     * @param meter             measures the request; its record goes to {@code records} when it ends
     * @param json              reads the provider's usage from its answer
     */
    public static void forward(RoutingContext rc, UpstreamClient upstream, UpstreamTarget target, String path, Buffer body,
            boolean stream, Function<Buffer, String> jsonAsEventStream, ChatUsage meter, UsageRecords records, ObjectMapper json) {
        long asked = meter.upstreamAsked();
        // What a client that leaves cancels: the request, then the answer's body once the head is in.
        AtomicReference<Cancellable> reading = new AtomicReference<>();
        Cancellable sending = upstream.send(target, HttpMethod.POST, path, body).subscribe().with(response -> {
            HttpServerResponse out = rc.response().setStatusCode(response.statusCode());
            ProviderHeaders.apply(upstream.forwardableHeaders(response), out);
            String type = response.getHeader("Content-Type");
            out.putHeader("Content-Type", type != null ? type : stream ? "text/event-stream" : "application/json");
            boolean ok = response.statusCode() / 100 == 2;
            if (stream && ok && jsonAsEventStream != null && type != null && !type.toLowerCase().startsWith("text/event-stream")) {
                upstream.body(response).subscribe().with(answer -> {
                    meter.upstreamSince(asked);
                    meter.round(usageIn(json, answer));
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
                // The bytes go to the client as they are; the same bytes are read on the side for a usage event.
                StreamUsageTap usage = new StreamUsageTap(json);
                new Tapped(response, usage::feed).pipeTo(out).onComplete(piped -> {
                    meter.upstreamSince(asked);
                    if (usage.usage() != null) {
                        meter.round(usage.usage());
                    }
                    records.record(meter, piped.succeeded() ? UsageRecords.OK
                            : out.closed() ? UsageRecords.CLIENT_DISCONNECTED : UsageRecords.UPSTREAM_ERROR);
                });
                return;
            }
            reading.set(upstream.body(response).subscribe().with(answer -> {
                meter.upstreamSince(asked);
                if (ok) {
                    meter.round(usageIn(json, answer));
                }
                records.answered(out, meter, ok ? UsageRecords.OK : UsageRecords.UPSTREAM_ERROR);
                out.end(answer);
            }, failure -> failed(rc, meter, records, asked, failure)));
        }, failure -> failed(rc, meter, records, asked, failure));
        if (!stream) {
            records.recordIfClientLeaves(rc.response(), meter, () -> {
                sending.cancel();
                Cancellable answer = reading.get();
                if (answer != null) {
                    answer.cancel();
                }
            });
        }
    }

    private static void failed(RoutingContext rc, ChatUsage meter, UsageRecords records, long asked, Throwable failure) {
        meter.upstreamSince(asked);
        records.answered(rc.response(), meter, UsageRecords.statusOf(failure));
        OpenAiErrors.failure(rc, failure);
    }

    /**
     * The {@code usage} object of a provider's JSON answer (chat completions' or the Responses
     * API's), or null when it has none or is not JSON.
     */
    static JsonNode usageIn(ObjectMapper json, Buffer answer) {
        try {
            JsonNode usage = json.readTree(answer.getBytes()).path("usage");
            return usage.isObject() ? usage : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The usage in one event of a streamed answer: a chat.completion.chunk's {@code usage}, or a
     * Responses API event's {@code response.usage}; null for any other event, {@code [DONE]} or
     * text that is not JSON.
     */
    static JsonNode usageInEvent(ObjectMapper json, String data) {
        // Most events are text deltas: only one naming "usage" is worth parsing.
        if (data == null || !data.contains("\"usage\"")) {
            return null;
        }
        try {
            JsonNode event = json.readTree(data);
            JsonNode usage = event.path("usage").isObject() ? event.path("usage") : event.path("response").path("usage");
            return usage.isObject() ? usage : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** A read stream that hands each chunk to {@code tap} before passing it on (back-pressure unchanged). */
    private static final class Tapped implements ReadStream<Buffer> {
        private final ReadStream<Buffer> source;
        private final Consumer<Buffer> tap;

        Tapped(ReadStream<Buffer> source, Consumer<Buffer> tap) {
            this.source = source;
            this.tap = tap;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            source.exceptionHandler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            source.handler(handler == null ? null : chunk -> {
                try {
                    tap.accept(chunk);
                } catch (RuntimeException e) {
                    // Reading usage never stops the answer.
                }
                handler.handle(chunk);
            });
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            source.pause();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            source.resume();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            source.fetch(amount);
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            source.endHandler(endHandler);
            return this;
        }
    }
}
