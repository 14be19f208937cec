package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.testsupport.mcp.EverythingServer;

/** Against @modelcontextprotocol/server-everything, the MCP reference server, over both transports. */
class McpClientEverythingServerTest {

    private static Vertx vertx;
    private static McpClient client;
    private static EverythingServer streamable;
    private static EverythingServer sse;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1")));
        streamable = EverythingServer.streamableHttp();
        sse = EverythingServer.sse();
    }

    @AfterAll
    static void stop() {
        streamable.close();
        sse.close();
        client.close();
        vertx.close();
    }

    @Test
    void listsAndCallsToolsOverStreamableHttp() {
        check(new McpEndpoint(URI.create(streamable.endpoint()), McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(10), Map.of()));
    }

    @Test
    void listsAndCallsToolsOverLegacySse() {
        check(new McpEndpoint(URI.create(sse.endpoint()), McpTransport.HTTP_SSE, Duration.ofSeconds(10), Map.of()));
    }

    private static void check(McpEndpoint endpoint) {
        List<ToolDescriptor> tools = client.listTools(endpoint).await().atMost(Duration.ofSeconds(30));

        assertThat(tools).extracting(ToolDescriptor::name).contains("echo");
        assertThat(tools).allSatisfy(t -> assertThat(t.inputSchema().path("type").asText()).isEqualTo("object"));
        ToolDescriptor echo = tools.stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
        assertThat(echo.inputSchema().at("/properties/message/type").asText()).isEqualTo("string");

        var args = new ObjectMapper().createObjectNode().put("message", "hello from the gateway");
        var result = client.callTool(endpoint, "echo", args).await().atMost(Duration.ofSeconds(30));
        assertThat(result.at("/content/0/text").asText()).contains("hello from the gateway");
    }
}
