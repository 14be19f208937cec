package ai.crafted.mcp.oauth;

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
 * The {@code auth/*} client scenarios of {@code @modelcontextprotocol/conformance} 0.1.16, each
 * with its own authorization server and protected MCP server, against
 * {@link AuthConformanceClientMain}: discovery variants, the scope selection strategy, step-up,
 * token endpoint authentication, pre-registration, Client ID Metadata Documents, the 2025-03-26
 * fallbacks, and the draft ones on resource mismatch and offline_access (SEP-2207). Not run: the
 * {@code client-credentials-*} extension scenarios (a machine-to-machine grant; an organisation
 * connects its MCP servers with a person's consent).
 */
class AuthConformanceTest {

    @ParameterizedTest(name = "conformance 0.1.16 client scenario {0}")
    @ValueSource(strings = { "auth/metadata-default", "auth/metadata-var1", "auth/metadata-var2", "auth/metadata-var3",
            "auth/scope-from-www-authenticate", "auth/scope-from-scopes-supported", "auth/scope-omitted-when-undefined",
            "auth/scope-step-up", "auth/scope-retry-limit", "auth/token-endpoint-auth-basic", "auth/token-endpoint-auth-post",
            "auth/token-endpoint-auth-none", "auth/pre-registration", "auth/2025-03-26-oauth-metadata-backcompat",
            "auth/2025-03-26-oauth-endpoint-fallback", "auth/resource-mismatch", "auth/basic-cimd", "auth/offline-access-scope",
            "auth/offline-access-not-supported" })
    void passesTheAuthScenario(String scenario) throws IOException, InterruptedException {
        Path npm = NpmFixtures.root();
        Path out = Path.of("target/conformance").toAbsolutePath();
        Files.createDirectories(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + AuthConformanceClientMain.class.getName();
        Path log = out.resolve(scenario.replace('/', '-') + ".log");
        Process run = new ProcessBuilder(List.of(NpmFixtures.node22().toString(),
                "node_modules/@modelcontextprotocol/conformance/dist/index.js", "client", "--command", command,
                "--scenario", scenario, "-o", out.toString()))
                .directory(npm.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("suite finished").isTrue();
        String output = Files.readString(log);
        assertThat(output).as(output).contains("OVERALL: PASSED").doesNotContain("FAILURE").doesNotContain("WARNING");
        assertThat(run.exitValue()).isZero();
    }
}
