package ai.crafted.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.mcp.McpClient;
import ai.crafted.mcp.McpClientOptions;
import ai.crafted.mcp.McpEndpoint;
import ai.crafted.mcp.McpSession;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.NpmMcpServer;
import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * Tool-call latency through the gateway against stateful, stateless and 2026-07-28 MCP servers
 * ({@code -Dbench.only=sessions}). One chat request = two upstream rounds and one tool call, sent
 * one at a time; the tool call's cost through the gateway is the request's latency minus twice
 * the upstream's own, and is compared with the same call made directly on a warm session. With
 * {@code -Dbench.before-root=<checkout>} the gateway built in that checkout (before session reuse)
 * runs the same requests in the same run, for a ratio.
 */
final class SessionsBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] LOOP = ("{\"model\":\"loop-model\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"What is the status of order 42?\"}]}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAIN = ("{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"What is the status of order 42?\"}]}").getBytes(StandardCharsets.UTF_8);

    private SessionsBench() {
    }

    static void run(Report report, Path root, Path runDir, String kafka, EventPublisher events, UpstreamStub stub,
            FixtureMcpServer fixture, List<AutoCloseable> cleanup) throws Exception {
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("own fixture, 2025-11-25, JSON answers", fixture.url("/mcp"));
        NpmMcpServer stateful = NpmMcpServer.fastmcp(false);
        cleanup.add(stateful);
        servers.put("fastmcp 4.20.16 stateful, 2025-11-25", stateful.endpoint());
        NpmMcpServer stateless = NpmMcpServer.fastmcp(true);
        cleanup.add(stateless);
        servers.put("fastmcp 4.20.16 stateless, 2025-11-25", stateless.endpoint());
        NpmMcpServer modern = NpmMcpServer.sdk("mcp-handler", false);
        cleanup.add(modern);
        servers.put("mcp-handler 2.4.0, 2026-07-28", modern.endpoint());

        Map<String, Double> direct = new LinkedHashMap<>();
        for (var server : servers.entrySet()) {
            Histogram h = directOnWarmSession(server.getValue());
            direct.put(server.getKey(), h.getMean() / 1000.0);
            report.line("sessions: direct tools/call on a warm session, " + server.getKey(),
                    String.format("mean %.2f ms, p50 %.2f ms, p99 %.2f ms", h.getMean() / 1000.0, ms(h, 50), ms(h, 99)));
        }

        Map<String, Path> builds = new LinkedHashMap<>();
        String before = System.getProperty("bench.before-root");
        if (before != null) {
            builds.put("before", Path.of(before));
        }
        builds.put("after", root);
        Map<String, Map<String, Double>> cost = new LinkedHashMap<>();
        for (var build : builds.entrySet()) {
            ServiceProcess gateway = BenchMain.start(build.getValue(), runDir, "gateway-service", null, kafka,
                    Map.of("gateway.upstreams.default.base-url", stub.baseUrl()));
            Map<String, String> keys = new LinkedHashMap<>();
            Map<String, UUID> plugins = new LinkedHashMap<>();
            for (var server : servers.entrySet()) {
                UUID org = UUID.randomUUID();
                keys.put(server.getKey(), events.organisation(org));
                plugins.put(server.getKey(), events.plugin(org, "bench", server.getValue(), 1, true));
            }
            events.flush();
            URI gatewayUrl = URI.create(gateway.baseUrl() + "/v1/chat/completions");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String key : keys.values()) {
                awaitAnswer(http, gatewayUrl, key);
            }
            Histogram upstream = sequential(http, URI.create(stub.baseUrl() + "/chat/completions"), null, PLAIN, 200, 2000);
            Map<String, Double> perServer = new LinkedHashMap<>();
            for (var server : keys.entrySet()) {
                // Session-per-call against fastmcp stateful takes about a second: fewer requests there.
                boolean slow = build.getKey().equals("before") && server.getKey().contains("stateful");
                sequential(http, gatewayUrl, server.getValue(), LOOP, slow ? 3 : 300, 0);
                String plugin = plugins.get(server.getKey()).toString();
                double[] timerBefore = toolCallTimer(http, gateway, plugin);
                Histogram loop = sequential(http, gatewayUrl, server.getValue(), LOOP, 0, slow ? 20 : 1000);
                double[] timerAfter = toolCallTimer(http, gateway, plugin);
                // The gateway's own timer around each tool call (ToolExecutor): MCP time as the gateway sees it.
                double toolCall = (timerAfter[0] - timerBefore[0]) * 1000 / (timerAfter[1] - timerBefore[1]);
                perServer.put(server.getKey(), toolCall);
                report.line("sessions (" + build.getKey() + "): gateway chat with one tool call, " + server.getKey(),
                        String.format("p50 %.2f ms, p99 %.2f ms (upstream alone %.2f ms); tool call inside the gateway, mean %.2f ms",
                                ms(loop, 50), ms(loop, 99), ms(upstream, 50), toolCall));
            }
            cost.put(build.getKey(), perServer);
            gateway.close();
        }
        for (String server : servers.keySet()) {
            double after = cost.get("after").get(server);
            String line = String.format("after − direct warm call %+.2f ms (mean)", after - direct.get(server));
            if (cost.containsKey("before")) {
                line += String.format("; after/before %.3f× (%.2f → %.2f ms)", after / cost.get("before").get(server),
                        cost.get("before").get(server), after);
            }
            report.line("sessions: tool call through the gateway, " + server, line);
        }
        report.note("Sessions rows: one request at a time; 'tool call inside the gateway' is the mean of the gateway's"
                + " gateway.tool.call.duration timer over the measured requests (the MCP call as the gateway makes it:"
                + " session lookup, call, result text), compared with the mean of the same call made directly on a"
                + " session opened beforehand.");
    }

    /** The gateway's tool-call timer for one plugin: {seconds summed, count}, from its Prometheus metrics. */
    private static double[] toolCallTimer(HttpClient http, ServiceProcess gateway, String plugin) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        double count = 0;
        for (String line : metrics.split("\n")) {
            if (!line.contains("plugin=\"" + plugin + "\"")) {
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1);
            if (line.startsWith("gateway_tool_call_duration_seconds_sum")) {
                sum = Double.parseDouble(value);
            } else if (line.startsWith("gateway_tool_call_duration_seconds_count")) {
                count = Double.parseDouble(value);
            }
        }
        return new double[] { sum, count };
    }

    private static Histogram directOnWarmSession(String url) {
        Vertx vertx = Vertx.vertx();
        McpClient client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1")));
        McpEndpoint endpoint = new McpEndpoint(URI.create(url), McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(10), Map.of());
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        try {
            McpSession session = client.open(endpoint).await().atMost(Duration.ofSeconds(30));
            var args = JSON.createObjectNode().put("id", "42");
            for (int i = 0; i < 2500; i++) {
                long start = System.nanoTime();
                session.callTool("lookup", args).await().atMost(Duration.ofSeconds(10));
                if (i >= 500) {
                    histogram.recordValue((System.nanoTime() - start) / 1000);
                }
            }
            session.close().await().atMost(Duration.ofSeconds(10));
        } finally {
            client.close();
            vertx.close();
        }
        return histogram;
    }

    private static void awaitAnswer(HttpClient http, URI url, String key) throws Exception {
        for (int i = 0; i < 240; i++) {
            if (send(http, url, key, PLAIN) == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway did not learn the seeded key in time");
    }

    private static Histogram sequential(HttpClient http, URI url, String key, byte[] body, int warmUp, int measured)
            throws Exception {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < warmUp + measured; i++) {
            long start = System.nanoTime();
            int status = send(http, url, key, body);
            if (status != 200) {
                throw new IllegalStateException(url + " answered " + status);
            }
            if (i >= warmUp) {
                histogram.recordValue((System.nanoTime() - start) / 1000);
            }
        }
        return histogram;
    }

    private static int send(HttpClient http, URI url, String key, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
