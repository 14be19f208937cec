package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * Runs the client scenarios of {@code @modelcontextprotocol/conformance} that cover what our
 * client does against {@link ConformanceClientMain}. 0.1.16 (the release) has the 2025 ones:
 * initialisation, tools/call, resuming an SSE stream. It has no 2026-07-28 scenario, so the
 * 2026-07-28 ones come from the newest prerelease, 0.2.0-alpha.12 (npm alias
 * {@code conformance-2026}). Not run: the auth scenarios (integrations carry static credentials),
 * elicitation and {@code sep-2322-client-request-state} (the client does not answer
 * {@code input_required}: the gateway turns it into a tool error), and
 * {@code json-schema-2020-12-preservation} (it needs the client to echo a schema back through a
 * tool, a harness convention rather than protocol behaviour).
 */
class McpConformanceTest {

    @ParameterizedTest(name = "conformance 0.1.16 client scenario {0}")
    @ValueSource(strings = { "initialize", "tools_call", "sse-retry" })
    void passesTheConformanceScenario(String scenario) throws IOException, InterruptedException {
        run("node_modules/@modelcontextprotocol/conformance/dist/index.js", scenario, null);
    }

    @ParameterizedTest(name = "conformance 0.2.0-alpha.12 client scenario {0} {1}")
    @CsvSource(nullValues = "-", value = {
            "tools_call, 2026-07-28",
            "request-metadata, -",
            "http-standard-headers, -",
            "http-custom-headers, -",
            "http-invalid-tool-headers, -",
            "json-schema-ref-no-deref, -" })
    void passesThe20260728Scenario(String scenario, String specVersion) throws IOException, InterruptedException {
        run("node_modules/conformance-2026/dist/index.js", scenario, specVersion);
    }

    /**
     * Whether the one check short of success is the suite's "reconnected slightly late" warning
     * (between 550 and 1,000 ms after a 500 ms {@code retry}), which it calls "acceptable but may
     * indicate network delays" and which a loaded machine produces; reconnecting too early, or
     * after more than twice the retry, is a FAILURE and fails the test.
     */
    static boolean onlySlightlyLateReconnect(String output) {
        List<String> warnings = output.lines().dropWhile(line -> !line.startsWith("Warning Checks:")).skip(1)
                .filter(line -> line.startsWith("  - ")).toList();
        return warnings.size() == 1 && warnings.get(0).contains("ClientRespectsRetryField")
                && output.contains("reconnected slightly late");
    }

    private static void run(String suite, String scenario, String specVersion) throws IOException, InterruptedException {
        Path npm = NpmFixtures.root();
        Path out = Path.of("target/conformance").toAbsolutePath();
        Files.createDirectories(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + ConformanceClientMain.class.getName();
        Path log = out.resolve(scenario + (specVersion == null ? "" : "-" + specVersion) + ".log");

        List<String> arguments = new ArrayList<>(List.of(NpmFixtures.node22().toString(), suite, "client",
                "--command", command, "--scenario", scenario, "-o", out.toString()));
        if (specVersion != null) {
            arguments.addAll(List.of("--spec-version", specVersion));
        }
        Process run = new ProcessBuilder(arguments).directory(npm.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("suite finished").isTrue();
        String output = Files.readString(log);
        assertThat(output).as(output).contains(", 0 failed,").doesNotContain("FAILURE");
        if (!onlySlightlyLateReconnect(output)) {
            assertThat(output).as(output).contains("OVERALL: PASSED").doesNotContain("WARNING");
            assertThat(run.exitValue()).isZero();
        }
    }
}
