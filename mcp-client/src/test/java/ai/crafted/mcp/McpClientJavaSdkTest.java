package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;

/**
 * The client against the MCP Java SDK 2.1.0 (Maven Central) on embedded Tomcat 11: its SSE
 * servlet speaks only 2024-11-05, its streamable servlet 2025 versions and answers
 * {@code server/discover} with "method not found", after which the client initialises.
 */
class McpClientJavaSdkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Tomcat tomcat;
    private static int port;
    private static Vertx vertx;
    private static McpClient client;

    @BeforeAll
    static void start() throws Exception {
        var sse = HttpServletSseServerTransportProvider.builder().messageEndpoint("/sse/message").sseEndpoint("/sse").build();
        // The SDK's default validator wants another json-schema-validator than the one our
        // compiler uses; these tests are about the transport, so the servers check no schema.
        JsonSchemaValidator anything = new JsonSchemaValidator() {
            @Override
            public ValidationResponse validate(Map<String, Object> schema, Object content) {
                return ValidationResponse.asValid(null);
            }
        };
        McpServer.sync(sse).serverInfo("java-sdk-sse", "2.1.0").jsonSchemaValidator(anything).validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(List.of(echo())).build();
        var streamable = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
        McpServer.sync(streamable).serverInfo("java-sdk-streamable", "2.1.0").jsonSchemaValidator(anything)
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(List.of(echo())).build();

        tomcat = new Tomcat();
        tomcat.setPort(0);
        tomcat.setBaseDir(java.nio.file.Files.createTempDirectory("tomcat").toString());
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "sse", sse).setAsyncSupported(true);
        context.addServletMappingDecoded("/sse/*", "sse");
        context.addServletMappingDecoded("/sse", "sse");
        Tomcat.addServlet(context, "streamable", streamable).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "streamable");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
        vertx = Vertx.vertx();
        client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1")));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        vertx.close();
        tomcat.stop();
        tomcat.destroy();
    }

    private static McpServerFeatures.SyncToolSpecification echo() {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("echo").description("Echo the text back")
                        .inputSchema(Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                                "required", List.of("text")))
                        .build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("echo: " + request.arguments().get("text")).build())
                .build();
    }

    @Test
    void theLegacySseServletNegotiates20241105AndServesCallsOnOneStream() throws Exception {
        McpEndpoint endpoint = new McpEndpoint(URI.create("http://127.0.0.1:" + port + "/sse"), McpTransport.HTTP_SSE,
                WAIT, Map.of(), "java-sse");
        ToolCatalog catalog = client.listCatalog(endpoint).await().atMost(WAIT);
        assertThat(catalog.protocolVersion()).isEqualTo("2024-11-05");
        assertThat(catalog.tools()).extracting(ToolDescriptor::name).containsExactly("echo");
        for (int i = 0; i < 3; i++) {
            var result = client.callTool(endpoint, "echo", new ObjectMapper().createObjectNode().put("text", "n" + i))
                    .await().atMost(WAIT);
            assertThat(result.at("/content/0/text").asText()).isEqualTo("echo: n" + i);
        }
        assertThat(client.sessions().size()).isEqualTo(1);
    }

    @Test
    void theStreamableServletRefusesDiscoverAndIsInitialised() {
        McpEndpoint endpoint = new McpEndpoint(URI.create("http://127.0.0.1:" + port + "/mcp"),
                McpTransport.STREAMABLE_HTTP, WAIT, Map.of(), "java-streamable");
        ToolCatalog catalog = client.listCatalog(endpoint).await().atMost(WAIT);
        assertThat(catalog.protocolVersion()).startsWith("2025-");
        assertThat(client.callTool(endpoint, "echo", new ObjectMapper().createObjectNode().put("text", "hi"))
                .await().atMost(WAIT).at("/content/0/text").asText()).isEqualTo("echo: hi");
    }
}
