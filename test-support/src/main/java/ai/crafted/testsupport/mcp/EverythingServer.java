package ai.crafted.testsupport.mcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code @modelcontextprotocol/server-everything}, the MCP reference test server, run with Node
 * as a real, independently written peer: {@code streamableHttp} serves POST /mcp, {@code sse}
 * serves the legacy GET /sse transport.
 */
public final class EverythingServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String mode;

    private EverythingServer(Process process, int port, String mode) {
        this.process = process;
        this.port = port;
        this.mode = mode;
    }

    /**
     * The command that runs server-everything in {@code mode} on {@code port} from the npm fixtures
     * in {@code npm}, with an environment of only what Node needs: the server offers a
     * {@code get-env} tool, so it must never see the launcher's secrets (a provider key, say).
     */
    public static ProcessBuilder command(Path npm, String mode, int port) {
        ProcessBuilder builder = new ProcessBuilder("node", "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
                mode).directory(npm.toFile()).redirectErrorStream(true);
        builder.environment().keySet().retainAll(Set.of("PATH", "HOME", "TMPDIR", "LANG"));
        builder.environment().put("PORT", Integer.toString(port));
        return builder;
    }

    public static EverythingServer streamableHttp() {
        return start("streamableHttp");
    }

    public static EverythingServer sse() {
        return start("sse");
    }

    private static EverythingServer start(String mode) {
        Path npm = NpmFixtures.root();
        try {
            int port = ChildServers.freePort();
            Path log = npm.resolve("server-everything-" + mode + "-" + port + ".log");
            Process process = command(npm, mode, port).redirectOutput(log.toFile()).start();
            ChildServers.awaitListening(process, port, "server-everything (" + mode + ")", log.toString());
            return new EverythingServer(process, port, mode);
        } catch (IOException e) {
            throw new IllegalStateException("could not start server-everything (" + mode + ")", e);
        }
    }

    /** The URL an integration is configured with. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + (mode.equals("sse") ? "/sse" : "/mcp");
    }

    @Override
    public void close() {
        ChildServers.stop(process);
    }
}
