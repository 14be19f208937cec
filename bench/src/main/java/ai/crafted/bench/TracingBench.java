package ai.crafted.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * What tracing costs the gateway ({@code -Dbench.only=tracing}): two gateways on the same broker,
 * stub provider and MCP fixture, one with tracing off (the default) and one with tracing on, every
 * trace kept ({@code OTEL_TRACES_SAMPLER_ARG=1.0}) and exported over OTLP/HTTP to a local sink that
 * accepts every batch (so the exporter's work is measured, not a collector's). Alternated twice:
 * a direct answer with 50 injected tools at 1000 req/s (server span, one model round, the client
 * span) and the tool loop at 200 req/s (two rounds, one tool call, their HTTP client spans). The
 * report gives each pair's p50 and p99 and the on/off ratios, and how many export requests and
 * bytes the sink received (proof that the traced gateway did export).
 */
final class TracingBench {

    private static final Duration SECONDS = Duration.ofSeconds(Long.getLong("bench.seconds", 8));

    private TracingBench() {
    }

    static void run(Report report, Path root, Path runDir, String kafka, Vertx vertx, OpenLoop load, EventPublisher events,
            UpstreamStub stub, ResponsesBench.FixtureMcpServerUrl mcp, List<AutoCloseable> cleanup) throws Exception {
        OtlpSink sink = OtlpSink.start(vertx);
        cleanup.add(sink);
        ServiceProcess off = BenchMain.start(root, runDir, "gateway-service", null, kafka,
                Map.of("gateway.upstreams.default.base-url", stub.baseUrl()));
        cleanup.add(off);
        ServiceProcess on = BenchMain.start(root, runDir, "gateway-service", null, kafka, Map.of(
                "gateway.upstreams.default.base-url", stub.baseUrl(),
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", sink.url(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.traces.sampler.arg", "1.0"));
        cleanup.add(on);

        ResponsesBench.TwoOrganisations keys = ResponsesBench.TwoOrganisations.seed(events, mcp);
        BenchMain.awaitKnown(load, off, keys.loopKey());
        BenchMain.awaitKnown(load, on, keys.loopKey());

        pairs(report, load, sink, "50 injected tools, direct answer", 1000, off, on, keys.injectKey(), "gpt-bench");
        pairs(report, load, sink, "tool loop, 2 rounds + 1 MCP call", 200, off, on, keys.loopKey(), "loop-model");
    }

    private static void pairs(Report report, OpenLoop load, OtlpSink sink, String name, int rate, ServiceProcess off,
            ServiceProcess on, String key, String model) throws InterruptedException {
        URI offUrl = URI.create(off.baseUrl() + "/v1/chat/completions");
        URI onUrl = URI.create(on.baseUrl() + "/v1/chat/completions");
        byte[] body = BenchMain.chat(model);
        load.run("warm-up", rate, SECONDS, i -> BenchMain.request(offUrl, key, body));
        load.run("warm-up", rate, SECONDS, i -> BenchMain.request(onUrl, key, body));
        StringBuilder ratios = new StringBuilder();
        long requestsBefore = sink.requests.get();
        long bytesBefore = sink.bytes.get();
        long tracedRequests = 0;
        for (int pair = 1; pair <= 2; pair++) {
            OpenLoop.Result a = load.run(name + ": tracing off", rate, SECONDS, i -> BenchMain.request(offUrl, key, body));
            OpenLoop.Result b = load.run(name + ": tracing on (every trace exported)", rate, SECONDS,
                    i -> BenchMain.request(onUrl, key, body));
            report.latency(a);
            report.latency(b);
            tracedRequests += b.ok();
            ratios.append(String.format(Locale.ROOT, "%spair %d: p50 %.2f / %.2f ms = %.2f×, p99 %.2f / %.2f ms = %.2f×",
                    pair > 1 ? "; " : "", pair, b.ms(50), a.ms(50), b.ms(50) / a.ms(50), b.ms(99), a.ms(99), b.ms(99) / a.ms(99)));
        }
        // The exporter sends every 5 s (batch span processor): let the last batch arrive.
        Thread.sleep(TimeUnit.SECONDS.toMillis(6));
        report.line(name + ": tracing on ÷ off", ratios.toString());
        report.line(name + ": exported", String.format(Locale.ROOT, "%d OTLP requests, %.1f KB for %d traced requests (%.0f bytes each)",
                sink.requests.get() - requestsBefore, (sink.bytes.get() - bytesBefore) / 1024.0, tracedRequests,
                tracedRequests == 0 ? 0.0 : (double) (sink.bytes.get() - bytesBefore) / tracedRequests));
    }

    /** An OTLP/HTTP endpoint that accepts every export ({@code 200}, empty protobuf answer) and counts requests and bytes. */
    static final class OtlpSink implements AutoCloseable {

        final AtomicLong requests = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private final HttpServer server;

        private OtlpSink(HttpServer server) {
            this.server = server;
        }

        static OtlpSink start(Vertx vertx) {
            OtlpSink[] sink = new OtlpSink[1];
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
                sink[0].requests.incrementAndGet();
                if (body.succeeded()) {
                    sink[0].bytes.addAndGet(body.result().length());
                }
                request.response().putHeader("Content-Type", "application/x-protobuf").end();
            }));
            sink[0] = new OtlpSink(server);
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            return sink[0];
        }

        String url() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
