package ai.crafted.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * Runs one browser test file of {@code src/test/browser} with Node's test runner against the
 * stack's control panel, in headless Debian Chromium, and fails with the runner's output unless
 * every test in it passed. Screenshots go to {@code docs/screenshots}.
 */
final class BrowserScenarios {

    private BrowserScenarios() {
    }

    /** The repository's root (the e2e module runs from its own directory). */
    static Path repoRoot() {
        return Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path screenshots() throws IOException {
        return Files.createDirectories(repoRoot().resolve("docs/screenshots"));
    }

    /**
     * @param file        the test file's name under {@code src/test/browser}
     * @param logName     the output's file name under {@code target}
     * @param environment what the file reads besides {@code UI_BASE_URL}, {@code NPM_FIXTURES},
     *                    {@code SCREENSHOT_DIR} and {@code CHROMIUM_PATH}
     * @return the runner's output
     */
    static String run(RunningStack stack, String file, String logName, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path root = repoRoot();
        Path log = root.resolve("e2e-tests/target/" + logName);
        ProcessBuilder node = new ProcessBuilder(NpmFixtures.node22().toString(), "--test", "--test-reporter=spec",
                root.resolve("e2e-tests/src/test/browser/" + file).toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("UI_BASE_URL", stack.url("integrations-service"));
        node.environment().put("NPM_FIXTURES", NpmFixtures.root().toString());
        node.environment().put("SCREENSHOT_DIR", screenshots().toString());
        node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
        node.environment().putAll(environment);
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("browser tests finished within 5 minutes:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser tests (output above):%n%s", output).isZero();
        assertThat(output).contains("ℹ fail 0").containsPattern("ℹ pass [1-9]");
        return output;
    }
}
