package ai.crafted.testsupport.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.crafted.testsupport.mcp.EverythingServer;

/**
 * What the local stack runs besides the services, so it works without any account or API key:
 * a demo MCP server ({@code @modelcontextprotocol/server-everything} on 3001), and, only when no
 * real provider is configured ({@code OPENAI_API_KEY} / {@code OPENAI_BASE_URL}), the demo model
 * on 8090; a fake WhatsApp Graph API on 8091 unless {@code WHATSAPP_GRAPH_BASE_URL} is set; and the
 * dev login provider on 8092 that the web UI signs in with; and an OAuth-protected demo MCP server
 * on 8093 (its own authorization server, with a consent page) for trying an OAuth credential.
 */
final class DemoPeers {

    static final int MCP_PORT = 3001;
    static final int MODEL_PORT = 8090;
    static final int GRAPH_PORT = 8091;
    /** The dev login provider the UI's OIDC tenant uses in the dev profile (application.properties). */
    static final int LOGIN_PORT = 8092;
    /** The OAuth-protected demo MCP server and its authorization server. */
    static final int OAUTH_MCP_PORT = 8093;

    private static final List<String> DESCRIPTION = new ArrayList<>();

    private DemoPeers() {
    }

    /** Starts the peers and returns the extra properties per service that point at them. */
    static Map<String, Map<String, String>> start(Path repoRoot, Path runDir) throws IOException {
        Path npm = repoRoot.resolve("test-support/npm");
        LocalStackMain.step("demo-mcp-server", "starting @modelcontextprotocol/server-everything on port " + MCP_PORT);
        ProcessBuilder node = EverythingServer.command(npm, "streamableHttp", MCP_PORT)
                .redirectOutput(runDir.resolve("logs/demo-mcp-server.log").toFile());
        record(runDir, "demo-mcp-server", node.start().pid());
        awaitPort("demo-mcp-server", MCP_PORT, runDir.resolve("logs/demo-mcp-server.log"));
        DESCRIPTION.add(String.format("%-22s %s", "demo MCP server", "http://127.0.0.1:" + MCP_PORT + "/mcp"));

        boolean realModel = present("OPENAI_API_KEY") || present("OPENAI_BASE_URL");
        boolean realGraph = present("WHATSAPP_GRAPH_BASE_URL");
        Map<String, Map<String, String>> properties = new HashMap<>();
        properties.put("whatsapp-worker", new HashMap<>(Map.of("whatsapp.gateway-url", "http://127.0.0.1:8080")));
        int modelPort = realModel ? 0 : MODEL_PORT;
        int graphPort = realGraph ? 0 : GRAPH_PORT;
        LocalStackMain.step("demo-peers", (realModel ? "" : "starting the DEMO MODEL on " + MODEL_PORT + " (no real provider configured); ")
                + (realGraph ? "" : "starting the fake WhatsApp Graph API on " + GRAPH_PORT + "; ")
                + "starting the dev login provider on " + LOGIN_PORT + " and the OAuth demo MCP server on " + OAUTH_MCP_PORT);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process peers = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "ai.crafted.testsupport.demo.DemoPeersMain", Integer.toString(modelPort), Integer.toString(graphPort),
                Integer.toString(LOGIN_PORT), Integer.toString(OAUTH_MCP_PORT))
                .redirectErrorStream(true).redirectOutput(runDir.resolve("logs/demo-peers.log").toFile()).start();
        record(runDir, "demo-peers", peers.pid());
        awaitPort("demo-peers", LOGIN_PORT, runDir.resolve("logs/demo-peers.log"));
        DESCRIPTION.add(String.format("%-22s %s", "dev login (OIDC)", "http://127.0.0.1:" + LOGIN_PORT
                + " (the web UI's sign-in page in the local stack)"));
        awaitPort("demo-peers", OAUTH_MCP_PORT, runDir.resolve("logs/demo-peers.log"));
        DESCRIPTION.add(String.format("%-22s %s", "demo OAuth MCP server", "http://127.0.0.1:" + OAUTH_MCP_PORT
                + "/mcp (create an OAuth credential for it, then Connect)"));
        if (!realModel) {
            awaitPort("demo-peers", MODEL_PORT, runDir.resolve("logs/demo-peers.log"));
            properties.put("gateway-service", Map.of("gateway.upstreams.default.base-url", "http://127.0.0.1:" + MODEL_PORT + "/v1",
                    "gateway.upstreams.default.models", "demo-model,*"));
            DESCRIPTION.add(String.format("%-22s %s", "DEMO MODEL", "http://127.0.0.1:" + MODEL_PORT
                    + "/v1 (deterministic stand-in; set OPENAI_API_KEY for a real model)"));
        }
        if (!realGraph) {
            awaitPort("demo-peers", GRAPH_PORT, runDir.resolve("logs/demo-peers.log"));
            properties.get("whatsapp-worker").put("whatsapp.graph.base-url", "http://127.0.0.1:" + GRAPH_PORT);
            DESCRIPTION.add(String.format("%-22s %s", "fake WhatsApp Graph", "http://127.0.0.1:" + GRAPH_PORT + "/sent"));
        }
        return properties;
    }

    static List<String> describe() {
        return DESCRIPTION;
    }

    private static void record(Path runDir, String name, long pid) {
        try {
            Files.writeString(runDir.resolve("pids").resolve(name + ".pid"), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(String component, int port, Path log) {
        for (int i = 0; i < 150; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LocalStackMain.fail(component, "nothing listens on port " + port + " after 30 s", log);
    }

    private static boolean present(String env) {
        String value = System.getenv(env);
        return value != null && !value.isBlank();
    }
}
