package ai.crafted.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * {@code /v1/responses} against {@code /v1/chat/completions} through the same gateway, stub
 * provider and plugins, alternated twice in one run ({@code -Dbench.only=responses}): what the
 * Responses API's translation and its output items cost on top of the chat loop. Two cases: 50
 * injected tools with a direct answer (1000 req/s), and the tool loop (two model rounds and one
 * MCP call, 200 req/s). The report gives p50s and the Responses/chat ratio of each pair.
 */
final class ResponsesBench {

    private static final Duration SECONDS = Duration.ofSeconds(Long.getLong("bench.seconds", 8));

    private ResponsesBench() {
    }

    static void run(Report report, OpenLoop load, EventPublisher events, ServiceProcess gateway, FixtureMcpServerUrl mcp)
            throws Exception {
        TwoOrganisations keys = TwoOrganisations.seed(events, mcp);
        BenchMain.awaitKnown(load, gateway, keys.loopKey());
        URI chat = URI.create(gateway.baseUrl() + "/v1/chat/completions");
        URI responses = URI.create(gateway.baseUrl() + "/v1/responses");
        pairs(report, load, "50 injected tools, direct answer", 1000, chat, responses, keys.injectKey(), "gpt-bench");
        pairs(report, load, "tool loop, 2 rounds + 1 MCP call", 200, chat, responses, keys.loopKey(), "loop-model");
    }

    /**
     * The two organisations the Responses and tracing cases compare on: one with 5 plugins × 10
     * tools (50 injected, answered directly) and one whose plugin is the MCP fixture (the tool loop).
     */
    record TwoOrganisations(String injectKey, String loopKey) {

        static TwoOrganisations seed(EventPublisher events, FixtureMcpServerUrl mcp) throws Exception {
            UUID injectOrg = UUID.randomUUID();
            String injectKey = events.organisation(injectOrg);
            for (int p = 0; p < 5; p++) {
                events.plugin(injectOrg, "plugin-" + p, "https://mcp.example.com/" + p, 10, true);
            }
            UUID loopOrg = UUID.randomUUID();
            String loopKey = events.organisation(loopOrg);
            events.plugin(loopOrg, "bench", mcp.url(), 1, true);
            events.flush();
            return new TwoOrganisations(injectKey, loopKey);
        }
    }

    /** Lets the caller name the MCP fixture's URL without this class depending on how it was started. */
    interface FixtureMcpServerUrl {
        String url();
    }

    private static void pairs(Report report, OpenLoop load, String name, int rate, URI chat, URI responses, String key,
            String model) throws InterruptedException {
        byte[] chatBody = BenchMain.chat(model);
        byte[] responsesBody = ("{\"model\":\"" + model + "\",\"input\":\"What is the status of order 42?\",\"store\":false}")
                .getBytes(StandardCharsets.UTF_8);
        load.run("warm-up", rate, SECONDS, i -> BenchMain.request(chat, key, chatBody));
        load.run("warm-up", rate, SECONDS, i -> BenchMain.request(responses, key, responsesBody));
        StringBuilder ratios = new StringBuilder();
        for (int pair = 1; pair <= 2; pair++) {
            OpenLoop.Result c = load.run(name + ": chat completions", rate, SECONDS, i -> BenchMain.request(chat, key, chatBody));
            OpenLoop.Result r = load.run(name + ": responses", rate, SECONDS, i -> BenchMain.request(responses, key, responsesBody));
            report.latency(c);
            report.latency(r);
            ratios.append(String.format(Locale.ROOT, "%spair %d: p50 %.2f / %.2f ms = %.2f×, p99 %.2f / %.2f ms",
                    pair > 1 ? "; " : "", pair, r.ms(50), c.ms(50), r.ms(50) / c.ms(50), r.ms(99), c.ms(99)));
        }
        report.line(name + ": /v1/responses ÷ /v1/chat/completions", ratios.toString());
    }
}
