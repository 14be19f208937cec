package ai.crafted.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.NpmFixtures;

/**
 * The control-panel web UI in headless Chromium (Debian's package, driven by playwright-core):
 * the scenarios live in {@code src/test/browser/control-panel.test.mjs} and run with Node's test
 * runner against the real stack, a real MCP server and an MCP server that never answers. They
 * write a screenshot of every page to {@code docs/screenshots}.
 */
class WebUiBrowserTest {

    private static final List<String> SCREENSHOTS = List.of("01-dev-login", "02-plugins-empty", "03-credentials",
            "04-install-errors", "05-plugin-detail", "06-plugins-refreshing", "07-plugins-refresh-error",
            "08-whatsapp-app", "09-credentials-rotated-in-use", "10-api-key-created", "11-viewer-plugins",
            "12-forbidden-organisation", "13-plugins-phone", "14-plugin-detail-phone");

    private static RunningStack stack;
    private static EverythingServer everything;
    private static ServerSocket silent;
    private static final List<Socket> held = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        stack = RunningStack.shared();
        everything = EverythingServer.streamableHttp();
        // An "MCP server" that accepts connections and never answers: the refresh stays busy
        // until the integration's timeout, then fails, which is what the list must show.
        silent = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket socket = silent.accept();
                    synchronized (held) {
                        held.add(socket);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-mcp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (everything != null) {
            everything.close();
        }
        if (silent != null) {
            silent.close();
        }
        synchronized (held) {
            for (Socket socket : held) {
                socket.close();
            }
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
                .directory(repoRoot.toFile()).redirectErrorStream(true);
        node.environment().put("UI_BASE_URL", stack.url("integrations-service"));
        node.environment().put("MCP_URL", everything.endpoint());
        node.environment().put("SILENT_MCP_URL", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp");
        node.environment().put("NPM_FIXTURES", npm.toString());
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        node.environment().put("ORG_ID", UUID.randomUUID().toString());
        node.environment().put("OTHER_ORG_ID", UUID.randomUUID().toString());
        node.environment().putIfAbsent("CHROMIUM_PATH", "/usr/bin/chromium");
        Process process = node.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        System.out.println(output);
        assertThat(finished).as("browser tests finished").isTrue();
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
