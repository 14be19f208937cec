package ai.crafted.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * What read-your-writes costs and buys at the gateway (issue 19): two gateways on one broker,
 * one catching its views up before each request ({@code replay.read-your-writes.enabled=true},
 * the default) and one answering from its views as they are. (a) A new API key, acknowledged
 * by Kafka, is used on the very next request, 200 times, against each: how many were refused.
 * (b) The same pass-through request at 1000 req/s through each, alternating: the latency the
 * ListOffsets round trip adds.
 */
final class ReadYourWritesBench {

    private static final int KEYS = 200;

    private ReadYourWritesBench() {
    }

    static void run(Report report, Path root, Path runDir, String kafka, EventPublisher events, UpstreamStub stub, OpenLoop load,
            List<AutoCloseable> cleanup) throws Exception {
        ServiceProcess waiting = BenchMain.start(root, runDir.resolve("ryw-on"), "gateway-service", null, kafka,
                Map.of("gateway.upstreams.default.base-url", stub.baseUrl(), "kafka-group-protocol",
                        System.getProperty("bench.group-protocol", "consumer")));
        cleanup.add(waiting);
        ServiceProcess asIs = BenchMain.start(root, runDir.resolve("ryw-off"), "gateway-service", null, kafka,
                Map.of("gateway.upstreams.default.base-url", stub.baseUrl(), "replay.read-your-writes.enabled", "false",
                        "kafka-group-protocol", System.getProperty("bench.group-protocol", "consumer")));
        cleanup.add(asIs);
        HttpClient http = HttpClient.newHttpClient();
        int refusedWaiting = 0;
        int refusedAsIs = 0;
        for (int i = 0; i < KEYS; i++) {
            // Alternate which gateway is asked first, so neither profits from the other's delay.
            String key = events.organisation(UUID.randomUUID());
            events.flush();
            if (i % 2 == 0) {
                refusedWaiting += refused(http, waiting, key);
                refusedAsIs += refused(http, asIs, key);
            } else {
                refusedAsIs += refused(http, asIs, key);
                refusedWaiting += refused(http, waiting, key);
            }
        }
        report.line("read-your-writes: new key used on the next request, refused (401)",
                String.format("%d of %d with the wait, %d of %d without", refusedWaiting, KEYS, refusedAsIs, KEYS));

        String key = events.organisation(UUID.randomUUID());
        events.flush();
        BenchMain.awaitKnown(load, asIs, key);
        byte[] body = BenchMain.chat("gpt-bench");
        URI on = URI.create(waiting.baseUrl() + "/v1/chat/completions");
        URI off = URI.create(asIs.baseUrl() + "/v1/chat/completions");
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 8));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
        load.run("warm-up", 1000, warmup, n -> BenchMain.request(on, key, body));
        load.run("warm-up", 1000, warmup, n -> BenchMain.request(off, key, body));
        OpenLoop.Result off1 = load.run("pass-through, views as they are", 1000, measure, n -> BenchMain.request(off, key, body));
        OpenLoop.Result on1 = load.run("pass-through, read-your-writes", 1000, measure, n -> BenchMain.request(on, key, body));
        OpenLoop.Result off2 = load.run("pass-through, views as they are", 1000, measure, n -> BenchMain.request(off, key, body));
        OpenLoop.Result on2 = load.run("pass-through, read-your-writes", 1000, measure, n -> BenchMain.request(on, key, body));
        report.latency(off1);
        report.latency(on1);
        report.latency(off2);
        report.latency(on2);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(waiting.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        report.line("read-your-writes outcomes (gateway with the wait)", metrics.lines()
                .filter(l -> l.startsWith("replay_read_your_writes_total")).map(String::trim)
                .reduce((a, b) -> a + "; " + b).orElse("none"));
        report.line("read-your-writes latency ratio (second pair, with / without)",
                String.format("p50 %.2f×, p99 %.2f×", on2.ms(50) / off2.ms(50), on2.ms(99) / off2.ms(99)));
    }

    private static int refused(HttpClient http, ServiceProcess gateway, String key) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 401 ? 1 : 0;
    }
}
