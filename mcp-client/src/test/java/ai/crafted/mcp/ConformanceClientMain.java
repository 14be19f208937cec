package ai.crafted.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;

/**
 * The client command the MCP conformance suite runs ({@code <command> <server-url>}, scenario in
 * {@code MCP_CONFORMANCE_SCENARIO}): negotiate (2026-07-28 first), list tools, and (except in
 * {@code initialize}) call every tool with arguments built from its input schema, or the calls the
 * scenario prescribes, passing the tool's schema as the gateway does (for {@code Mcp-Param-*}).
 */
public final class ConformanceClientMain {

    private ConformanceClientMain() {
    }

    public static void main(String[] args) {
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "initialize");
        Vertx vertx = Vertx.vertx();
        McpClient client = new McpClient(vertx,
                McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("localhost", "127.0.0.1")));
        McpEndpoint endpoint = new McpEndpoint(URI.create(args[0]), McpTransport.STREAMABLE_HTTP,
                Duration.ofSeconds(10), Map.of());
        int status = 0;
        try {
            McpSession session = client.open(endpoint).await().atMost(Duration.ofSeconds(20));
            try {
                var tools = session.listTools().await().atMost(Duration.ofSeconds(20));
                System.out.println("protocol " + session.protocolVersion() + ", tools: " + tools.size());
                // These scenarios check the handshake or the listing only; their mock serves no tools/call.
                if (!Set.of("initialize", "json-schema-ref-no-deref").contains(scenario)) {
                    JsonNode planned = plannedCalls();
                    for (ToolDescriptor tool : tools) {
                        List<JsonNode> calls = new ArrayList<>();
                        if (planned == null) {
                            calls.add(sampleArguments(tool.inputSchema()));
                        }
                        for (JsonNode call : planned == null ? List.<JsonNode>of() : planned) {
                            if (tool.name().equals(call.path("name").asText())) {
                                calls.add(call.path("arguments"));
                            }
                        }
                        for (JsonNode arguments : calls) {
                            JsonNode result = session.callTool(tool.name(), arguments, tool.inputSchema())
                                    .await().atMost(Duration.ofSeconds(20));
                            System.out.println(tool.name() + " -> " + result);
                        }
                    }
                }
            } finally {
                session.close().await().atMost(Duration.ofSeconds(10));
            }
        } catch (RuntimeException e) {
            System.err.println("conformance client failed: " + e.getMessage());
            status = 1;
        } finally {
            client.close();
            vertx.close();
        }
        System.exit(status);
    }

    /**
     * The calls a scenario prescribes in {@code MCP_CONFORMANCE_CONTEXT} ({@code {"toolCalls":
     * [{name, arguments}]}}), or null when it prescribes none (every tool is then called once).
     */
    static JsonNode plannedCalls() {
        String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
        if (context == null || context.isBlank()) {
            return null;
        }
        try {
            JsonNode calls = new ObjectMapper().readTree(context).get("toolCalls");
            return calls != null && calls.isArray() ? calls : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Small valid values for each required property, by JSON Schema type. */
    static ObjectNode sampleArguments(JsonNode schema) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode args = json.createObjectNode();
        JsonNode properties = schema.path("properties");
        properties.fieldNames().forEachRemaining(name -> {
            switch (properties.path(name).path("type").asText()) {
                case "number", "integer" -> args.put(name, 2);
                case "boolean" -> args.put(name, true);
                case "array" -> args.putArray(name);
                case "object" -> args.putObject(name);
                default -> args.put(name, "test");
            }
        });
        return args;
    }
}
