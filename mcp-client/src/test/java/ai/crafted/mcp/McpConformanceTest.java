package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * Runs the client scenarios of {@code @modelcontextprotocol/conformance} that cover what our
 * client does (initialisation, tools/list, tools/call, resuming an SSE stream) against
 * {@link ConformanceClientMain}. The auth scenarios test OAuth flows we do not use (integrations
 * carry static credentials) and elicitation is a capability we do not declare.
 */
class McpConformanceTest {

    @ParameterizedTest(name = "conformance client scenario {0}")
    @ValueSource(strings = { "initialize", "tools_call", "sse-retry" })
    void passesTheConformanceScenario(String scenario) throws IOException, InterruptedException {
        Path npm = NpmFixtures.root();
        Path out = Path.of("target/conformance").toAbsolutePath();
        Files.createDirectories(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + ConformanceClientMain.class.getName();
        Path log = out.resolve(scenario + ".log");

        Process suite = new ProcessBuilder(List.of(NpmFixtures.node22().toString(),
                "node_modules/@modelcontextprotocol/conformance/dist/index.js", "client",
                "--command", command, "--scenario", scenario, "-o", out.toString()))
                .directory(npm.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(suite.waitFor(90, TimeUnit.SECONDS)).as("suite finished").isTrue();
        String output = Files.readString(log);
        assertThat(output).as(output).contains("OVERALL: PASSED").doesNotContain("FAILURE");
        assertThat(suite.exitValue()).isZero();
    }
}
