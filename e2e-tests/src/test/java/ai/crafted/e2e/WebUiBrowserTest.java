package ai.crafted.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * The control-panel web UI in headless Chromium (Debian's package, driven by playwright-core):
 * the scenarios live in {@code src/test/browser/control-panel.test.mjs} and run with Node's test
 * runner against the real stack, a real MCP server and a fixture MCP server that does not answer
 * in time. They
 * write a screenshot of every page to {@code docs/screenshots}.
 */
class WebUiBrowserTest {

    private static final List<String> SCREENSHOTS = List.of("01-dev-login", "02-plugins-empty", "03-credentials",
            "04-install-errors", "05-plugin-detail", "06-plugins-refreshing", "07-plugins-refresh-error",
            "08-whatsapp-app", "09-credentials-rotated-in-use", "10-api-key-created", "11-viewer-plugins",
            "12-forbidden-organisation", "13-plugins-phone", "14-plugin-detail-phone", "15-whatsapp-apps",
            "16-what-the-model-sees");

    private static RunningStack stack;
    private static EverythingServer everything;
    /** Its {@code /slow} path never answers in time: the refresh stays busy, then fails. */
    private static FixtureMcpServer fixture;

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
        everything = stack.everything();
        fixture = FixtureMcpServer.start(stack.vertx());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void controlPanelScenariosPassInHeadlessChromium() throws Exception {
        Path repoRoot = Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
        Path screenshots = Files.createDirectories(repoRoot.resolve("docs/screenshots"));
        Path npm = NpmFixtures.root();
        Instant started = Instant.now().minusSeconds(1);

        ProcessBuilder node = new ProcessBuilder(NpmFixtures.node22().toString(), "--test", "--test-reporter=spec",
                repoRoot.resolve("e2e-tests/src/test/browser/control-panel.test.mjs").toString())
                .directory(repoRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(repoRoot.resolve("e2e-tests/target/browser-tests.log").toFile());
        node.environment().put("UI_BASE_URL", stack.url("integrations-service"));
        node.environment().put("MCP_URL", everything.endpoint());
        node.environment().put("SILENT_MCP_URL", fixture.url("/slow"));
        node.environment().put("NPM_FIXTURES", npm.toString());
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        node.environment().put("ORG_ID", UUID.randomUUID().toString());
        node.environment().put("OTHER_ORG_ID", UUID.randomUUID().toString());
        node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(repoRoot.resolve("e2e-tests/target/browser-tests.log"));
        System.out.println(output);
        assertThat(finished).as("browser tests finished within 5 minutes:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser tests (output above):%n%s", output).isZero();
        assertThat(output).contains("ℹ fail 0").containsPattern("ℹ pass [1-9]");

        for (String name : SCREENSHOTS) {
            Path file = screenshots.resolve(name + ".png");
            assertThat(file).as(name).exists();
            assertThat(Files.size(file)).as(name + " size").isGreaterThan(5_000);
            assertThat(Files.getLastModifiedTime(file)).as(name + " written by this run")
                    .isGreaterThan(FileTime.from(started));
        }
    }
}
