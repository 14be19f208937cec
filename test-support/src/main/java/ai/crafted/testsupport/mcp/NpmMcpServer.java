package ai.crafted.testsupport.mcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Independently written MCP servers from npm, each run by Node 22 on 127.0.0.1 with an
 * environment of only what Node needs (the launcher's secrets never reach them):
 * <ul>
 * <li>{@link #sdk}: the TypeScript SDK v2 (2026-07-28 natively), served by mcp-handler 2.4.0 or by
 * the SDK's own handler (which can push tools/list_changed); our tools in servers/sdk-server.mjs</li>
 * <li>{@link #fastmcp}: fastmcp 4.20.16, stateful (its default) or stateless; servers/fastmcp-server.mjs</li>
 * <li>{@link #mcpProxyMemory}: mcp-proxy 6.7.19 bridging {@code @modelcontextprotocol/server-memory}
 * (stdio) to streamable HTTP (2026-07-28 and 2025) and legacy SSE</li>
 * </ul>
 */
public final class NpmMcpServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private NpmMcpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code mode}: "mcp-handler" or "sdk"; {@code modernOnly}: refuse 2025 clients (sdk mode). */
    public static NpmMcpServer sdk(String mode, boolean modernOnly) {
        return sdk(mode, modernOnly, ChildServers.freePort());
    }

    /** {@link #sdk(String, boolean)} on a given port (to replace another server there). */
    public static NpmMcpServer sdk(String mode, boolean modernOnly, int port) {
        List<String> args = new ArrayList<>(List.of("servers/sdk-server.mjs", "--mode=" + mode));
        if (modernOnly) {
            args.add("--legacy=reject");
        }
        return start("sdk-" + mode, args, true, port);
    }

    public static NpmMcpServer fastmcp(boolean stateless) {
        List<String> args = new ArrayList<>(List.of("servers/fastmcp-server.mjs"));
        if (stateless) {
            args.add("--stateless");
        }
        return start("fastmcp" + (stateless ? "-stateless" : ""), args, true, ChildServers.freePort());
    }

    /** mcp-proxy in front of server-memory; {@code extraFlags} such as {@code --no-modern}. */
    public static NpmMcpServer mcpProxyMemory(String... extraFlags) {
        Path npm = NpmFixtures.root();
        List<String> args = new ArrayList<>(List.of("node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs", "--host", "127.0.0.1"));
        args.addAll(List.of(extraFlags));
        args.add("--port");
        args.add("{port}");
        args.add("--");
        args.add(NpmFixtures.node22().toString());
        args.add(npm.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js").toString());
        return start("mcp-proxy-memory", args, false, ChildServers.freePort());
    }

    private static NpmMcpServer start(String name, List<String> args, boolean portFlag, int port) {
        Path npm = NpmFixtures.root();
        try {
            List<String> command = new ArrayList<>();
            command.add(NpmFixtures.node22().toString());
            for (String arg : args) {
                command.add(arg.replace("{port}", Integer.toString(port)));
            }
            if (portFlag) {
                command.add("--port=" + port);
            }
            Path log = npm.resolve(name + "-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(npm.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().retainAll(Set.of("PATH", "HOME", "TMPDIR", "LANG"));
            builder.environment().put("MEMORY_FILE_PATH", npm.resolve("memory-" + port + ".jsonl").toString());
            Process process = builder.start();
            ChildServers.awaitListening(process, port, name, log.toString());
            return new NpmMcpServer(process, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    public int port() {
        return port;
    }

    /** The streamable HTTP endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** The legacy HTTP+SSE endpoint (fastmcp and mcp-proxy). */
    public String sseEndpoint() {
        return "http://127.0.0.1:" + port + "/sse";
    }

    @Override
    public void close() {
        ChildServers.stop(process);
    }
}
