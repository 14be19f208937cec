package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.testsupport.mcp.NpmMcpServer;

/**
 * The client against independently written servers from npm: which protocol version each
 * negotiates, session reuse, and the 2026-07-28 features (headers, input_required, caching hints,
 * subscriptions/listen).
 */
class McpClientNpmServersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static McpClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        client.close();
        vertx.close();
    }

    @Test
    void mcpHandlerNegotiates20260728AndCarriesItsHeaders() {
        try (NpmMcpServer server = NpmMcpServer.sdk("mcp-handler", false)) {
            McpEndpoint endpoint = endpoint(server.endpoint(), "mcp-handler");
            ToolCatalog catalog = await(client.listCatalog(endpoint));
            assertThat(catalog.protocolVersion()).isEqualTo("2026-07-28");
            assertThat(catalog.tools()).extracting(ToolDescriptor::name).containsExactly("echo", "lookup", "add", "forecast",
                    "deploy", "add_tool");
            assertThat(catalog.ttlMs()).isEqualTo(120_000L);
            assertThat(catalog.cacheScope()).isEqualTo("public");

            JsonNode sum = await(client.callTool(endpoint, "add", args("{\"a\":2,\"b\":3}")));
            assertThat(sum.at("/structuredContent/sum").asInt()).isEqualTo(5);
            assertThat(sum.path("resultType").asText()).isEqualTo("complete");

            // The server refuses a call whose Mcp-Param-Region header is missing or disagrees.
            ToolDescriptor forecast = catalog.tools().get(3);
            JsonNode weather = await(client.callTool(endpoint, "forecast", args("{\"region\":\"Zürich Nord\",\"days\":3}"),
                    forecast.inputSchema()));
            assertThat(weather.at("/content/0/text").asText()).isEqualTo("sunny in Zürich Nord for 3 day(s)");
        }
    }

    @Test
    void anInputRequiredResultBecomesAToolErrorSayingWhatTheServerAsked() {
        try (NpmMcpServer server = NpmMcpServer.sdk("mcp-handler", false)) {
            JsonNode result = await(client.callTool(endpoint(server.endpoint(), "deploy"), "deploy",
                    args("{\"target\":\"production\"}")));
            assertThat(result.path("isError").asBoolean()).isTrue();
            assertThat(result.at("/content/0/text").asText())
                    .contains("needs input before deploy can run")
                    .contains("\"Really deploy to production?\"")
                    .contains("expecting confirm");
        }
    }

    @Test
    void aServerThatSpeaksOnly20260728IsUsable() {
        try (NpmMcpServer server = NpmMcpServer.sdk("sdk", true)) {
            McpEndpoint endpoint = endpoint(server.endpoint(), "modern-only");
            assertThat(await(client.listCatalog(endpoint)).protocolVersion()).isEqualTo("2026-07-28");
            assertThat(await(client.callTool(endpoint, "echo", args("{\"text\":\"hi\"}"))).at("/content/0/text").asText())
                    .isEqualTo("hi");
        }
    }

    @Test
    void aListeningClientHearsToolsListChangedFromSubscriptionsListen() {
        McpClient listening = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1"))
                .withSessions(SessionPoolOptions.defaults().withListening(true, 10)));
        List<String> changed = new CopyOnWriteArrayList<>();
        listening.onToolsListChanged(changed::add);
        try (NpmMcpServer server = NpmMcpServer.sdk("sdk", false)) {
            McpEndpoint endpoint = endpoint(server.endpoint(), "listening-1");
            assertThat(await(listening.listTools(endpoint))).hasSize(6);
            eventually(() -> listening.sessions().listening() == 1);

            await(client.callTool(endpoint(server.endpoint(), "someone-else"), "add_tool", args("{\"name\":\"late_tool\"}")));
            eventually(() -> changed.contains("listening-1"));
            assertThat(await(listening.listTools(endpoint))).extracting(ToolDescriptor::name).contains("late_tool");
        } finally {
            listening.close();
        }
    }

    @Test
    void mcpProxyNegotiates20260728AndWithModernOffFallsBackTo2025() {
        try (NpmMcpServer modern = NpmMcpServer.mcpProxyMemory(); NpmMcpServer older = NpmMcpServer.mcpProxyMemory("--no-modern")) {
            ToolCatalog catalog = await(client.listCatalog(endpoint(modern.endpoint(), "proxy-modern")));
            assertThat(catalog.protocolVersion()).isEqualTo("2026-07-28");
            assertThat(catalog.tools()).extracting(ToolDescriptor::name).contains("create_entities", "read_graph");
            JsonNode graph = await(client.callTool(endpoint(modern.endpoint(), "proxy-modern"), "read_graph", args("{}")));
            assertThat(graph.path("isError").asBoolean(false)).isFalse();

            ToolCatalog fallback = await(client.listCatalog(endpoint(older.endpoint(), "proxy-older")));
            assertThat(fallback.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(fallback.tools()).extracting(ToolDescriptor::name).isEqualTo(
                    catalog.tools().stream().map(ToolDescriptor::name).toList());

            McpEndpoint sse = new McpEndpoint(URI.create(modern.sseEndpoint()), McpTransport.HTTP_SSE, WAIT, Map.of(), "proxy-sse");
            assertThat(await(client.listTools(sse))).extracting(ToolDescriptor::name).contains("read_graph");
        }
    }

    @Test
    void fastmcpStatefulAndStatelessServeCallsOnAReusedSession() {
        try (NpmMcpServer stateful = NpmMcpServer.fastmcp(false); NpmMcpServer stateless = NpmMcpServer.fastmcp(true)) {
            for (NpmMcpServer server : List.of(stateful, stateless)) {
                McpEndpoint endpoint = endpoint(server.endpoint(), "fastmcp-" + server.endpoint());
                ToolCatalog catalog = await(client.listCatalog(endpoint));
                assertThat(catalog.protocolVersion()).isEqualTo("2025-11-25");
                assertThat(catalog.tools()).extracting(ToolDescriptor::name).containsExactly("echo", "lookup", "add");
                for (int i = 0; i < 5; i++) {
                    assertThat(await(client.callTool(endpoint, "add", args("{\"a\":" + i + ",\"b\":1}")))
                            .at("/content/0/text").asText()).isEqualTo(Integer.toString(i + 1));
                }
            }
            McpEndpoint sse = new McpEndpoint(URI.create(stateful.sseEndpoint()), McpTransport.HTTP_SSE, WAIT, Map.of(),
                    "fastmcp-sse");
            assertThat(await(client.callTool(sse, "echo", args("{\"text\":\"over sse\"}"))).at("/content/0/text").asText())
                    .isEqualTo("over sse");
        }
    }

    @Test
    void theWrongTransportIsNamedInTheError() {
        try (NpmMcpServer server = NpmMcpServer.fastmcp(false)) {
            McpEndpoint legacyOnStreamable = new McpEndpoint(URI.create(server.endpoint()), McpTransport.HTTP_SSE, WAIT,
                    Map.of(), "wrong-1");
            McpException e = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class,
                    () -> await(client.listTools(legacyOnStreamable)));
            assertThat(e.getMessage()).contains("set the integration's transport to streamable-http");

            McpEndpoint streamableOnLegacy = endpoint(server.sseEndpoint(), "wrong-2");
            e = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class,
                    () -> await(client.listTools(streamableOnLegacy)));
            assertThat(e.getMessage()).contains("set the integration's transport to http-sse");
        }
    }

    private static McpEndpoint endpoint(String url, String owner) {
        return new McpEndpoint(URI.create(url), McpTransport.STREAMABLE_HTTP, WAIT, Map.of(), owner);
    }

    private static ObjectNode args(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
