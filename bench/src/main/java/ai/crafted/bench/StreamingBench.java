package ai.crafted.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;

import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * Streaming through the gateway against a plain reverse proxy ({@code -Dbench.only=streaming}).
 * Three targets in one run: the upstream stub directly, nginx in front of the stub
 * ({@link NginxProxy}) and the gateway in front of the stub, with three organisations: (a) no
 * plugins, (b) 60 injected tools (6 plugins × 10, never called), (c) plugin {@code bench} on the
 * fixture MCP server for one tool round.
 *
 * <ul>
 * <li><b>Time to first token</b> and <b>token lag</b> ({@link StreamLoad}): streamed requests at
 * 50/s, 10 tokens 5 ms apart from the stub. (c)'s reference is direct: one streamed tool-call
 * answer read to [DONE] + one MCP call on a pooled session + the first token of a streamed
 * answer, all p50.</li>
 * <li><b>Overhead at 1000 and 3000 req/s</b> ({@link OpenLoop}, non-streaming, organisation (b)):
 * direct, nginx, gateway alternated twice, the second set reported.</li>
 * <li><b>Saturated throughput</b> ({@link ClosedLoop}, non-streaming): 64 connections back to
 * back against direct, nginx, gateway (a) and (b).</li>
 * </ul>
 * With {@code -Dbench.before-root=<checkout>} the gateway built there runs the time-to-first-token
 * and 1000 req/s rows first, in the same run. With {@code -Dbench.jfr=true} each gateway records
 * a CPU profile and its 20 hottest methods are written next to it.
 */
final class StreamingBench {

    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 8));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private static final Duration SHORT_WARMUP = Duration.ofSeconds(2);
    private static final int STREAM_RATE = Integer.getInteger("bench.stream.rate", 50);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    private static final byte[] STREAM = stream("gpt-bench");
    private static final byte[] STREAM_LOOP = stream("loop-model");
    private static final byte[] PLAIN = BenchMain.chat("gpt-bench");

    private StreamingBench() {
    }

    /** The three targets for one gateway build: URLs and the organisations' keys. */
    private record Targets(URI direct, URI nginx, URI gateway, String plainKey, String toolsKey, String loopKey) {
    }

    static void run(Report report, Path root, Path runDir, String kafka, Vertx vertx, EventPublisher events, UpstreamStub stub,
            FixtureMcpServer mcp, OpenLoop load, List<AutoCloseable> cleanup) throws Exception {
        URI nginx = null;
        try {
            NginxProxy proxy = NginxProxy.start(runDir, stub.port());
            cleanup.add(proxy);
            nginx = URI.create(proxy.baseUrl() + "/chat/completions");
        } catch (Exception e) {
            report.line("streaming: nginx → stub rows", "missing: " + e.getMessage());
        }
        UUID plainOrg = UUID.randomUUID();
        String plainKey = events.organisation(plainOrg);
        UUID toolsOrg = UUID.randomUUID();
        String toolsKey = events.organisation(toolsOrg);
        for (int p = 0; p < 6; p++) {
            events.plugin(toolsOrg, "plugin-" + p, "https://mcp.example.com/" + p, 10, true);
        }
        UUID loopOrg = UUID.randomUUID();
        String loopKey = events.organisation(loopOrg);
        events.plugin(loopOrg, "bench", mcp.url("/mcp"), 1, true);
        events.flush();

        Histogram mcpDirect = BenchMain.mcpDirect(mcp);
        report.line("streaming: MCP tools/call direct (pooled session, sequential)",
                String.format("p50 %.2f ms, p99 %.2f ms", ms(mcpDirect, 50), ms(mcpDirect, 99)));
        StreamLoad streams = new StreamLoad(vertx);
        ClosedLoop closed = new ClosedLoop(vertx);
        // The generator's and stub's own code compiled before the first pass, so "before" does not pay for it.
        URI direct = URI.create(stub.baseUrl() + "/chat/completions");
        streams.run("warm-up", 4 * STREAM_RATE, WARMUP.multipliedBy(2), BenchMain.request(direct, null, STREAM));
        load.run("warm-up", 3000, WARMUP, i -> BenchMain.request(direct, null, PLAIN));
        Map<String, Path> builds = new LinkedHashMap<>();
        String before = System.getProperty("bench.before-root");
        if (before != null) {
            builds.put("before", Path.of(before).toAbsolutePath().normalize());
        }
        builds.put("after", root);
        Map<String, Map<String, Double>> summary = new LinkedHashMap<>();
        for (var build : builds.entrySet()) {
            boolean after = build.getKey().equals("after");
            String label = builds.size() > 1 ? "[" + build.getKey() + "] " : "";
            String jfr = Boolean.getBoolean("bench.jfr") ? (after ? "gateway.jfr" : "gateway-before.jfr") : null;
            ServiceProcess gateway = BenchMain.start(build.getValue(), runDir, "gateway-service", null, kafka,
                    Map.of("gateway.upstreams.default.base-url", stub.baseUrl()), jfr);
            cleanup.add(gateway);
            awaitLoop(load, gateway, loopKey);
            Targets targets = new Targets(direct, nginx,
                    URI.create(gateway.baseUrl() + "/v1/chat/completions"), plainKey, toolsKey, loopKey);
            Map<String, Double> figures = new LinkedHashMap<>();
            timeToFirstToken(report, label, streams, targets, mcpDirect, figures);
            overhead(report, label, load, 1000, targets, figures);
            if (after) {
                overhead(report, label, load, 3000, targets, figures);
                saturated(report, closed, targets);
            }
            summary.put(build.getKey(), figures);
            gateway.close();
            if (jfr != null) {
                hotMethods(report, label, runDir.resolve(jfr), runDir.resolve(after ? "gateway-hot-methods.txt"
                        : "gateway-before-hot-methods.txt"));
            }
        }
        streams.close();
        if (summary.containsKey("before")) {
            Map<String, Double> b = summary.get("before");
            Map<String, Double> a = summary.get("after");
            for (String figure : a.keySet()) {
                if (b.containsKey(figure)) {
                    report.line("streaming before → after: " + figure, String.format(figure.contains("overhead") ? "%+.2f → %+.2f ms"
                            : "%.2f → %.2f ms", b.get(figure), a.get(figure)));
                }
            }
        }
        report.note("Streaming targets (2 cores, JVM mode): time-to-first-token overhead ≤ 1 ms p50 for (a) no plugins and"
                + " (b) 60 injected tools; each token reaches the client within 1 ms of the upstream sending it; at 1000 req/s"
                + " with 60 tools, gateway overhead p50 ≤ 1.5 × nginx's and p99 ≤ direct p99 + 1 ms; saturated throughput ≥ 0.8 ×"
                + " direct.");
        report.note("Streaming rows: " + STREAM_RATE + " streamed requests/s, the stub sending " + UpstreamStub.TOKENS
                + " tokens " + UpstreamStub.TOKEN_INTERVAL_MS + " ms apart (the first at once); time to first token from"
                + " handing the request to the client to the first non-empty content delta; token lag = receive time − the"
                + " stub's send time written into each token (same JVM, System.nanoTime). Their user message carries the"
                + " stub's pacing marker: an upstream round the gateway asks for without streaming is answered when the"
                + " streamed answer would have ended (" + (UpstreamStub.TOKENS - 1) * UpstreamStub.TOKEN_INTERVAL_MS
                + " ms for the content, " + 2 * UpstreamStub.TOKEN_INTERVAL_MS + " ms for the tool call), as a real model"
                + " would. (c)'s overhead is over the sum of"
                + " the direct p50s of a streamed tool-call answer read to [DONE], an MCP call and a first token. Overhead rows"
                + " (non-streaming, 60 tools) alternate direct, nginx, gateway twice and compare the second set. Saturated"
                + " rows: " + CONNECTIONS + " connections, each sending its next request when the previous answer is read;"
                + " generator, stub, nginx and gateway share the 2 cores.");
    }

    private static void timeToFirstToken(Report report, String label, StreamLoad streams, Targets t, Histogram mcpDirect,
            Map<String, Double> figures) throws InterruptedException {
        Map<String, StreamLoad.Result> r = new LinkedHashMap<>();
        OtherCpu cpu = OtherCpu.now();
        streams.run("warm-up", STREAM_RATE, SHORT_WARMUP, BenchMain.request(t.direct(), null, STREAM));
        r.put("direct", streams.run("direct", STREAM_RATE, MEASURE, BenchMain.request(t.direct(), null, STREAM)));
        if (t.nginx() != null) {
            streams.run("warm-up", STREAM_RATE, SHORT_WARMUP, BenchMain.request(t.nginx(), null, STREAM));
            r.put("nginx", streams.run("nginx", STREAM_RATE, MEASURE, BenchMain.request(t.nginx(), null, STREAM)));
        }
        r.put("gateway (a) no plugins", gatewayStreams(streams, t.gateway(), t.plainKey(), STREAM));
        r.put("gateway (b) 60 tools, no tool call", gatewayStreams(streams, t.gateway(), t.toolsKey(), STREAM));
        // Like for like: the very body the gateway sent upstream for (b) (60 tools), sent directly.
        byte[] sameBody = UpstreamStub.lastStreamedBodyWithTools;
        if (sameBody != null) {
            streams.run("warm-up", STREAM_RATE, SHORT_WARMUP, BenchMain.request(t.direct(), null, sameBody));
            r.put("direct, (b)'s upstream body", streams.run("direct, (b)'s upstream body", STREAM_RATE, MEASURE,
                    BenchMain.request(t.direct(), null, sameBody)));
        }
        streams.run("warm-up", STREAM_RATE, SHORT_WARMUP, BenchMain.request(t.direct(), null, STREAM_LOOP));
        StreamLoad.Result toolCall = streams.run("direct tool-call stream", STREAM_RATE, MEASURE,
                BenchMain.request(t.direct(), null, STREAM_LOOP));
        StreamLoad.Result loop = gatewayStreams(streams, t.gateway(), t.loopKey(), STREAM_LOOP);
        r.put("gateway (c) one tool round", loop);
        if (loop.ok() == 0) {
            report.line(label + "streaming: gateway (c) failures", streams.lastFailure());
        }
        for (var row : r.entrySet()) {
            StreamLoad.Result s = row.getValue();
            String lag = s.tokens() == 0 ? "no stub-timestamped tokens (the upstream answer was not streamed through)"
                    : String.format("p50 %.3f ms, p99 %.3f ms (%d tokens), first token's p50 %.3f ms", StreamLoad.Result.ms(s.lag(), 50),
                            StreamLoad.Result.ms(s.lag(), 99), s.tokens(), StreamLoad.Result.ms(s.firstLag(), 50));
            report.line(label + "streaming TTFT: " + row.getKey(), String.format("p50 %.2f ms, p99 %.2f ms; [DONE] p50 %.2f ms;"
                    + " token lag %s; %d ok, %d errors", StreamLoad.Result.ms(s.ttft(), 50), StreamLoad.Result.ms(s.ttft(), 99),
                    StreamLoad.Result.ms(s.done(), 50), lag, s.ok(), s.errors()));
        }
        report.line(label + "streaming: direct tool-call answer, request → [DONE]", String.format("p50 %.2f ms, p99 %.2f ms; %d errors",
                StreamLoad.Result.ms(toolCall.done(), 50), StreamLoad.Result.ms(toolCall.done(), 99), toolCall.errors()));
        StreamLoad.Result direct = r.get("direct");
        StreamLoad.Result proxy = r.get("nginx");
        for (String row : List.of("nginx", "gateway (a) no plugins", "gateway (b) 60 tools, no tool call")) {
            StreamLoad.Result s = r.get(row);
            if (s == null) {
                continue;
            }
            String line = String.format("vs direct p50 %+.2f ms, p99 %+.2f ms", diff(s.ttft(), direct.ttft(), 50),
                    diff(s.ttft(), direct.ttft(), 99));
            if (proxy != null && s != proxy) {
                line += String.format("; vs nginx p50 %+.2f ms, p99 %+.2f ms", diff(s.ttft(), proxy.ttft(), 50),
                        diff(s.ttft(), proxy.ttft(), 99));
            }
            if (s.tokens() > 0 && direct.tokens() > 0) {
                line += String.format("; token lag vs direct p50 %+.3f ms, p99 %+.3f ms", diff(s.lag(), direct.lag(), 50),
                        diff(s.lag(), direct.lag(), 99));
            }
            StreamLoad.Result same = r.get("direct, (b)'s upstream body");
            if (row.startsWith("gateway (b)") && same != null) {
                line += String.format("; vs direct with the same 60-tool body p50 %+.2f ms, p99 %+.2f ms",
                        diff(s.ttft(), same.ttft(), 50), diff(s.ttft(), same.ttft(), 99));
                figures.put("TTFT overhead p50 (b) vs the same body direct", diff(s.ttft(), same.ttft(), 50));
            }
            String target = row.startsWith("gateway") ? " (target ≤ +1 ms p50)" : "";
            report.line(label + "streaming TTFT overhead, " + row, line + target);
        }
        double reference = ms(toolCall.done(), 50) + ms(mcpDirect, 50) + ms(direct.ttft(), 50);
        report.line(label + "streaming TTFT overhead, gateway (c) one tool round",
                String.format("p50 %.2f ms − reference %.2f ms (direct tool-call stream %.2f + MCP call %.2f + first token %.2f) = %+.2f ms",
                        ms(loop.ttft(), 50), reference, ms(toolCall.done(), 50), ms(mcpDirect, 50), ms(direct.ttft(), 50),
                        ms(loop.ttft(), 50) - reference));
        report.line(label + "streaming: machine during the TTFT rows", OtherCpu.since(cpu));
        // Overheads over the same pass's direct rows: what the machine did meanwhile cancels out.
        figures.put("TTFT overhead p50 (a) no plugins", diff(r.get("gateway (a) no plugins").ttft(), direct.ttft(), 50));
        figures.put("TTFT overhead p50 (b) 60 tools", diff(r.get("gateway (b) 60 tools, no tool call").ttft(), direct.ttft(), 50));
        figures.put("TTFT overhead p50 (c) one tool round", ms(loop.ttft(), 50) - reference);
        figures.put("TTFT p50 direct (for scale)", ms(direct.ttft(), 50));
    }

    private static StreamLoad.Result gatewayStreams(StreamLoad streams, URI gateway, String key, byte[] body)
            throws InterruptedException {
        // The gateway is a JVM: its streaming path must be compiled (JIT) before it is timed, as in production.
        streams.run("warm-up", 4 * STREAM_RATE, WARMUP, BenchMain.request(gateway, key, body));
        return streams.run("gateway", STREAM_RATE, MEASURE, BenchMain.request(gateway, key, body));
    }

    /** Non-streaming, 60 injected tools: direct, nginx, gateway twice in turn; the second set is compared. */
    private static void overhead(Report report, String label, OpenLoop load, int rate, Targets t, Map<String, Double> figures)
            throws InterruptedException {
        String name = rate + " req/s, 60 tools (non-streaming)";
        OtherCpu cpu = OtherCpu.now();
        load.run("warm-up", rate, WARMUP, i -> BenchMain.request(t.gateway(), t.toolsKey(), PLAIN));
        load.run("warm-up", rate, SHORT_WARMUP, i -> BenchMain.request(t.direct(), null, PLAIN));
        if (t.nginx() != null) {
            load.run("warm-up", rate, SHORT_WARMUP, i -> BenchMain.request(t.nginx(), null, PLAIN));
        }
        List<OpenLoop.Result> set = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            set.clear();
            set.add(load.run(label + name + ": direct", rate, MEASURE, i -> BenchMain.request(t.direct(), null, PLAIN)));
            if (t.nginx() != null) {
                set.add(load.run(label + name + ": nginx", rate, MEASURE, i -> BenchMain.request(t.nginx(), null, PLAIN)));
            }
            set.add(load.run(label + name + ": gateway", rate, MEASURE, i -> BenchMain.request(t.gateway(), t.toolsKey(), PLAIN)));
            set.forEach(report::latency);
        }
        OpenLoop.Result direct = set.get(0);
        OpenLoop.Result gateway = set.get(set.size() - 1);
        double gatewayP50 = gateway.ms(50) - direct.ms(50);
        double gatewayP99 = gateway.ms(99) - direct.ms(99);
        String line = String.format("gateway − direct: p50 %+.2f ms, p99 %+.2f ms (target ≤ +1 ms)", gatewayP50, gatewayP99);
        if (t.nginx() != null) {
            OpenLoop.Result nginx = set.get(1);
            double nginxP50 = nginx.ms(50) - direct.ms(50);
            line += String.format("; nginx − direct: p50 %+.2f ms, p99 %+.2f ms; gateway/nginx overhead p50 %s (target ≤ 1.5)",
                    nginxP50, nginx.ms(99) - direct.ms(99), nginxP50 > 0 ? String.format("%.2f×", gatewayP50 / nginxP50)
                            : "n/a (nginx overhead ≤ 0)");
        } else {
            line += "; nginx row missing";
        }
        line += "; " + OtherCpu.since(cpu);
        report.line(label + "streaming: overhead at " + name, line);
        figures.put("overhead p50 at " + rate + " req/s", gatewayP50);
        figures.put("overhead p99 at " + rate + " req/s", gatewayP99);
    }

    private static void saturated(Report report, ClosedLoop closed, Targets t) throws InterruptedException {
        Map<String, OpenLoop.Request> targets = new LinkedHashMap<>();
        targets.put("direct", BenchMain.request(t.direct(), null, PLAIN));
        if (t.nginx() != null) {
            targets.put("nginx", BenchMain.request(t.nginx(), null, PLAIN));
        }
        targets.put("gateway (a) no plugins", BenchMain.request(t.gateway(), t.plainKey(), PLAIN));
        targets.put("gateway (b) 60 tools", BenchMain.request(t.gateway(), t.toolsKey(), PLAIN));
        OtherCpu cpu = OtherCpu.now();
        double direct = 0;
        double nginx = 0;
        for (var target : targets.entrySet()) {
            closed.run("warm-up", CONNECTIONS, SHORT_WARMUP, target.getValue());
            ClosedLoop.Result r = closed.run(target.getKey(), CONNECTIONS, MEASURE, target.getValue());
            if (direct == 0) {
                direct = r.throughput();
            }
            if (target.getKey().equals("nginx")) {
                nginx = r.throughput();
            }
            boolean gateway = target.getKey().startsWith("gateway");
            String ratios = String.format("%.2f× direct", r.throughput() / direct) + (gateway ? " (target ≥ 0.80)" : "")
                    + (gateway && nginx > 0 ? String.format(", %.2f× nginx", r.throughput() / nginx) : "");
            report.line("streaming: saturated, " + CONNECTIONS + " connections, " + target.getKey(), String.format(
                    "%.0f req/s (%s), p50 %.2f ms, p99 %.2f ms, %d errors", r.throughput(), ratios, r.ms(50), r.ms(99), r.errors())
                    + (r.errors() > 0 ? "; last: " + closed.lastFailure() : ""));
        }
        report.line("streaming: machine during the saturated rows", OtherCpu.since(cpu));
    }

    /**
     * The gateway's 20 methods most often on top of the stack in {@code jdk.ExecutionSample}
     * (self time), and the 20 gateway methods ({@code ai.crafted.}) nearest the top, written to
     * {@code out}; the first five into the report.
     */
    private static void hotMethods(Report report, String label, Path jfr, Path out) {
        try {
            Process print = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                    "--events", "jdk.ExecutionSample", "--stack-depth", "24", jfr.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> own = new HashMap<>();
            int samples = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(print.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean inStack = false;
                boolean first = false;
                boolean ownSeen = false;
                while ((line = reader.readLine()) != null) {
                    String frame = line.strip();
                    if (frame.startsWith("stackTrace = [")) {
                        inStack = true;
                        first = true;
                        ownSeen = false;
                        samples++;
                        continue;
                    }
                    if (!inStack) {
                        continue;
                    }
                    if (frame.startsWith("]") || frame.equals("...")) {
                        inStack = frame.equals("...");
                        continue;
                    }
                    int at = frame.indexOf(" line:");
                    String method = at < 0 ? frame : frame.substring(0, at);
                    if (first) {
                        self.merge(method, 1, Integer::sum);
                        first = false;
                    }
                    if (!ownSeen && method.startsWith("ai.crafted.")) {
                        own.merge(method, 1, Integer::sum);
                        ownSeen = true;
                    }
                }
            }
            print.waitFor();
            StringBuilder text = new StringBuilder("Hot methods of " + jfr.getFileName() + " (jdk.ExecutionSample, " + samples
                    + " samples, whole life of the gateway including start and warm-up)\n\nSelf (top frame):\n");
            List<String> top = top(self, 20, samples);
            top.forEach(l -> text.append(l).append('\n'));
            text.append("\nGateway code (first ai.crafted frame within 24 frames of the top):\n");
            top(own, 20, samples).forEach(l -> text.append(l).append('\n'));
            Files.writeString(out, text.toString());
            report.line(label + "streaming: gateway hot methods (JFR, self time; all 20 in " + out.getFileName() + ")",
                    top.subList(0, Math.min(5, top.size())).stream().map(String::strip).collect(Collectors.joining("; "))
                            .replace("|", "\\|"));
        } catch (Exception e) {
            report.line(label + "streaming: gateway hot methods", "not summarised: " + e);
        }
    }

    private static List<String> top(Map<String, Integer> counts, int n, int samples) {
        return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
                .map(e -> String.format("%4.1f%% %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())).toList();
    }

    /** Waits until the gateway knows the seeded keys and runs (c)'s tool round (its catalog was seeded after (b)'s). */
    private static void awaitLoop(OpenLoop load, ServiceProcess gateway, String loopKey) throws Exception {
        BenchMain.awaitKnown(load, gateway, loopKey);
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        for (int i = 0; i < 240; i++) {
            last = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + loopKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BenchMain.chat("loop-model"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (last.contains("The answer from the stub.")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway did not run the seeded plugin's tool in time; last answer: " + last);
    }

    private static byte[] stream(String model) {
        return ("{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"What is the status of order 42? " + UpstreamStub.PACED + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static double diff(Histogram a, Histogram b, double percentile) {
        return ms(a, percentile) - ms(b, percentile);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
