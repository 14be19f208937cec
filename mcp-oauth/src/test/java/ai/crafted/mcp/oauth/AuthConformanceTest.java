package ai.crafted.mcp.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * The {@code auth/*} client scenarios of {@code @modelcontextprotocol/conformance} 0.1.16, each
 * with its own authorization server and protected MCP server, against
 * {@link AuthConformanceClientMain}: discovery variants, the scope selection strategy, step-up,
 * token endpoint authentication, pre-registration, Client ID Metadata Documents, the 2025-03-26
 * fallbacks, and the draft ones on resource mismatch and offline_access (SEP-2207); and the
 * scenarios only the 0.2.0-alpha.12 prerelease has: the authorization response's {@code iss}
 * (RFC 9207, SEP-2468: compared exactly, required when advertised, checked when present),
 * metadata whose issuer differs from the one discovered, and an authorization server that changes
 * (SEP-2352: a new client there). Not run: the {@code client-credentials-*},
 * {@code enterprise-managed-authorization}, {@code wif-jwt-bearer} and
 * {@code cross-app-access-complete-flow} extension scenarios (machine-to-machine and
 * enterprise grants; an organisation connects its MCP servers with a person's consent). Scenarios
 * run two at a time: each is its own node and JVM, mostly waiting.
 */
@Execution(ExecutionMode.CONCURRENT)
class AuthConformanceTest {

    @ParameterizedTest(name = "conformance 0.1.16 client scenario {0}")
    @ValueSource(strings = { "auth/metadata-default", "auth/metadata-var1", "auth/metadata-var2", "auth/metadata-var3",
            "auth/scope-from-www-authenticate", "auth/scope-from-scopes-supported", "auth/scope-omitted-when-undefined",
            "auth/scope-step-up", "auth/scope-retry-limit", "auth/token-endpoint-auth-basic", "auth/token-endpoint-auth-post",
            "auth/token-endpoint-auth-none", "auth/pre-registration", "auth/2025-03-26-oauth-metadata-backcompat",
            "auth/2025-03-26-oauth-endpoint-fallback", "auth/resource-mismatch", "auth/basic-cimd", "auth/offline-access-scope",
            "auth/offline-access-not-supported" })
    void passesTheAuthScenario(String scenario) throws IOException, InterruptedException {
        run("node_modules/@modelcontextprotocol/conformance/dist/index.js", scenario, "0.1.16");
    }

    @ParameterizedTest(name = "conformance 0.2.0-alpha.12 client scenario {0}")
    @ValueSource(strings = { "auth/iss-supported", "auth/iss-normalized", "auth/iss-not-advertised", "auth/iss-supported-missing",
            "auth/iss-unexpected", "auth/iss-wrong-issuer", "auth/metadata-issuer-mismatch", "auth/authorization-server-migration" })
    void passesTheNewerAuthScenario(String scenario) throws IOException, InterruptedException {
        run("node_modules/conformance-2026/dist/index.js", scenario, "0.2.0-alpha.12");
    }

    private static void run(String suite, String scenario, String version) throws IOException, InterruptedException {
        Path npm = NpmFixtures.root();
        Path out = Path.of("target/conformance").toAbsolutePath();
        Files.createDirectories(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + AuthConformanceClientMain.class.getName();
        Path log = out.resolve(version + "-" + scenario.replace('/', '-') + ".log");
        Process run = new ProcessBuilder(List.of(NpmFixtures.node22().toString(),
                suite, "client", "--command", command,
                "--scenario", scenario, "-o", out.toString()))
                .directory(npm.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("suite finished").isTrue();
        String output = Files.readString(log);
        assertThat(output).as(output).contains("OVERALL: PASSED").doesNotContain("FAILURE").doesNotContain("WARNING");
        assertThat(run.exitValue()).isZero();
    }
}
