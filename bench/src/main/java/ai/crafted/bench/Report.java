package ai.crafted.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Collects rows and writes bench/RESULTS.md and bench/results.json. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<String> latencyRows = new ArrayList<>();
    private final List<String> otherRows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final ArrayNode json = JSON.createArrayNode();

    void latency(OpenLoop.Result r) {
        latencyRows.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d |", r.name(), r.rate(),
                r.throughput(), r.ms(50), r.ms(90), r.ms(99), r.micros().getMaxValue() / 1000.0, r.errors()));
        ObjectNode row = json.addObject().put("case", r.name()).put("rate", r.rate()).put("throughput", r.throughput())
                .put("p50_ms", r.ms(50)).put("p90_ms", r.ms(90)).put("p99_ms", r.ms(99))
                .put("max_ms", r.micros().getMaxValue() / 1000.0).put("errors", r.errors());
        System.out.println(row);
    }

    void overhead(String name, OpenLoop.Result direct, OpenLoop.Result gateway) {
        String row = String.format(Locale.ROOT, "| %s overhead (gateway − direct) | p50 %+.2f ms | p99 %+.2f ms | throughput ratio %.2f |",
                name, gateway.ms(50) - direct.ms(50), gateway.ms(99) - direct.ms(99), gateway.throughput() / direct.throughput());
        otherRows.add(row);
        json.addObject().put("case", name + " overhead").put("p50_ms", gateway.ms(50) - direct.ms(50))
                .put("p99_ms", gateway.ms(99) - direct.ms(99));
        System.out.println(row);
    }

    void line(String name, String value) {
        otherRows.add("| " + name + " | " + value + " | | |");
        json.addObject().put("case", name).put("value", value);
        System.out.println(name + ": " + value);
    }

    void note(String text) {
        notes.add(text);
    }

    void write(Path dir) throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        md.append("Measured by `bench/run.sh` on ").append(ZonedDateTime.now().toLocalDate()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(Runtime.getRuntime().maxMemory() / (1 << 20)).append(" MiB generator heap, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version"))
                .append(", Quarkus 3.33.2, Kafka 4.1.2 (KRaft, one node), PostgreSQL on 127.0.0.1")
                .append(", JVM mode; load generator, stubs and services share the machine. Open-loop rates; latency measured")
                .append(" from each request's intended start (HdrHistogram).\n\n");
        md.append("| case | rate/s | achieved/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|\n");
        latencyRows.forEach(r -> md.append(r).append('\n'));
        md.append("\n| derived | | | |\n|---|---|---|---|\n");
        otherRows.forEach(r -> md.append(r).append('\n'));
        md.append("\n## Notes\n\n");
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        Files.writeString(dir.resolve("RESULTS.md"), md.toString());
        Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(json));
    }
}
