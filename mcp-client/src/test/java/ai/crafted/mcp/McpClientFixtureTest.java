package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.testsupport.mcp.FixtureMcpServer;

class McpClientFixtureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static FixtureMcpServer fixture;
    private static McpClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
        client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1"))
                .withMaxResponseBytes(1024 * 1024));
    }

    @AfterAll
    static void stop() {
        client.close();
        fixture.close();
        vertx.close();
    }

    @Test
    void listsToolsSendingCredentialSessionAndVersionHeadersAndEndsTheSessionWhenRetired() {
        int before = fixture.requestHeaders().size();
        int deletedBefore = fixture.deletedSessions();
        McpEndpoint endpoint = new McpEndpoint(URI.create(fixture.url("/mcp")), McpTransport.STREAMABLE_HTTP,
                Duration.ofSeconds(5), Map.of("Authorization", "Bearer t0k3n"), "headers-test");

        // A client of its own: the shared one may already know this fixture is a 2025 server.
        McpClient fresh = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1")));
        List<ToolDescriptor> tools = await(fresh.listTools(endpoint));

        assertThat(tools).extracting(ToolDescriptor::name).containsExactly("lookup_customer");
        assertThat(tools.get(0).description()).isEqualTo("Lookup customer profile by ID.");
        assertThat(tools.get(0).inputSchema().at("/properties/id/type").asText()).isEqualTo("string");
        fresh.retire("headers-test");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fixture.deletedSessions() == deletedBefore && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        fresh.close();
        assertThat(fixture.deletedSessions()).isEqualTo(deletedBefore + 1);
        var seen = fixture.requestHeaders().subList(before, fixture.requestHeaders().size());
        assertThat(seen).allSatisfy(h -> assertThat(h.get("Authorization")).isEqualTo("Bearer t0k3n"));
        // server/discover (refused: this fixture is a 2025 server) and initialize carry no session;
        // initialized, tools/list and DELETE carry it and the version initialize agreed on.
        assertThat(seen.get(0).get("Mcp-Method")).isEqualTo("server/discover");
        assertThat(seen.get(0).get("MCP-Protocol-Version")).isEqualTo("2026-07-28");
        assertThat(seen.get(1).get("Mcp-Session-Id")).isNull();
        assertThat(seen.subList(2, seen.size())).hasSize(3).allSatisfy(h -> {
            assertThat(h.get("Mcp-Session-Id")).isNotBlank();
            assertThat(h.get("MCP-Protocol-Version")).isEqualTo("2025-11-25");
            assertThat(h.get("Mcp-Method")).isNull();
        });
    }

    @Test
    void readsTheAnswerFromAnEventStreamAfterPrimingNotificationsAndServerRequests() {
        assertThat(await(client.listTools(endpoint("/mcp-stream", Map.of()))))
                .extracting(ToolDescriptor::name).containsExactly("lookup_customer");
    }

    @Test
    void followsCursorsThroughEveryPage() {
        List<ObjectNode> seven = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            seven.add(FixtureMcpServer.tool("tool_" + i, "Tool " + i));
        }
        fixture.setTools(seven);
        try {
            assertThat(await(client.listTools(endpoint("/paged", Map.of()))))
                    .extracting(ToolDescriptor::name)
                    .containsExactly("tool_1", "tool_2", "tool_3", "tool_4", "tool_5", "tool_6", "tool_7");
        } finally {
            fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID.")));
        }
    }

    @Test
    void seesToolsChangeBetweenListings() {
        assertThat(await(client.listTools(endpoint("/mcp", Map.of())))).hasSize(1);
        fixture.setTools(List.of(FixtureMcpServer.tool("a", "A"), FixtureMcpServer.tool("b", "B")));
        try {
            assertThat(await(client.listTools(endpoint("/mcp", Map.of())))).extracting(ToolDescriptor::name)
                    .containsExactly("a", "b");
        } finally {
            fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID.")));
        }
    }

    @Test
    void callsAToolAndPings() {
        ObjectNode args = new ObjectMapper().createObjectNode().put("id", "c-42");
        JsonNode result = await(client.callTool(endpoint("/mcp", Map.of()), "lookup_customer", args));

        assertThat(result.at("/content/0/text").asText()).contains("lookup_customer").contains("c-42");
        assertThat(result.path("isError").asBoolean()).isFalse();
        await(client.open(endpoint("/mcp", Map.of())).chain(s -> s.ping().onTermination().call(s::close)));
    }

    @Test
    void reinitialisesWhenTheServerForgetsTheSession() {
        assertThat(await(client.listTools(endpoint("/expiring", Map.of())))).hasSize(1);
    }

    @Test
    void speaksTheLegacySseTransport() {
        McpEndpoint sse = new McpEndpoint(URI.create(fixture.url("/sse")), McpTransport.HTTP_SSE,
                Duration.ofSeconds(5), Map.of());
        assertThat(await(client.listTools(sse))).extracting(ToolDescriptor::name).containsExactly("lookup_customer");
        ObjectNode args = new ObjectMapper().createObjectNode().put("id", "7");
        assertThat(await(client.callTool(sse, "lookup_customer", args)).at("/content/0/text").asText()).contains("\"7\"");
    }

    @Test
    void eachFailureBecomesATypedReadableError() {
        assertFailure(endpoint("/unauthorized", Map.of()), Kind.HTTP_STATUS, "MCP server answered HTTP 401");
        assertFailure(new McpEndpoint(URI.create(fixture.url("/slow")), McpTransport.STREAMABLE_HTTP,
                Duration.ofMillis(300), Map.of()), Kind.TIMEOUT, "timed out after 300 ms");
        assertFailure(endpoint("/malformed", Map.of()), Kind.MALFORMED_RESPONSE, "malformed JSON");
        assertFailure(endpoint("/huge", Map.of()), Kind.RESPONSE_TOO_LARGE, "1024 KiB");
        assertFailure(new McpEndpoint(URI.create("http://127.0.0.1:" + freePort() + "/mcp"),
                McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(5), Map.of()), Kind.CONNECTION, "connection refused");
    }

    @Test
    void aLegacyStreamAnnouncingAnotherOriginFailsNamingTheCause() {
        McpEndpoint sse = new McpEndpoint(URI.create(fixture.url("/sse-elsewhere")), McpTransport.HTTP_SSE,
                Duration.ofSeconds(5), Map.of());
        McpException e = catchThrowableOfType(McpException.class, () -> await(client.listTools(sse)));
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("another origin (collector.example.net)").doesNotContain("Stream reset");
    }

    @Test
    void refusesNonCanonicalNumericHostsAtConnectTimeEvenWhenAllowListed() {
        // 0177.0.0.1 is 127.0.0.1 to curl and browsers but 177.0.0.1 to Java: refused before any lookup.
        McpClient lenient = new McpClient(vertx, McpClientOptions.defaults()
                .withAllowedPrivateHosts(Set.of("0177.0.0.1", "0x7f000001", "127.1")));
        try {
            for (String host : new String[] {"0177.0.0.1", "0x7f000001", "127.1", "2130706433"}) {
                McpEndpoint endpoint = new McpEndpoint(URI.create("https://" + host + "/mcp"), McpTransport.STREAMABLE_HTTP,
                        Duration.ofSeconds(5), Map.of());
                McpException e = catchThrowableOfType(McpException.class, () -> await(lenient.listTools(endpoint)));
                assertThat(e).as(host).isNotNull();
                assertThat(e.kind()).as(host).isEqualTo(Kind.BLOCKED_ADDRESS);
                assertThat(e.getMessage()).contains("non-canonical numeric address form");
            }
        } finally {
            lenient.close();
        }
    }

    @Test
    void aServerThatEchoesTheCredentialGetsItRedactedFromErrorsAndResults() {
        String token = "s3cr3t/tok+en=value-" + System.nanoTime();
        McpEndpoint echoing = endpoint("/echoes-credential", Map.of("Authorization", "Bearer " + token));
        String base64 = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        String urlEncoded = URLEncoder.encode(token, StandardCharsets.UTF_8);

        McpException refused = catchThrowableOfType(McpException.class, () -> await(client.listTools(echoing)));
        assertThat(refused.kind()).isEqualTo(Kind.JSON_RPC_ERROR);
        assertThat(refused.getMessage()).contains("rejected credential '[redacted]'")
                .doesNotContain(token).doesNotContain(base64).doesNotContain(urlEncoded);

        JsonNode result = await(client.callTool(echoing, "lookup", new ObjectMapper().createObjectNode()));
        assertThat(result.toString()).contains("[redacted]").doesNotContain(token).doesNotContain(base64)
                .doesNotContain(urlEncoded).doesNotContain(token.replace("/", "\\/"));
        assertThat(result.at("/structuredContent/seen").asText()).isEqualTo("[redacted]");
    }

    @Test
    void aSecretPastTheCutIsRedactedBeforeTheCutAndControlCharactersAreEscaped() {
        String token = "s3cr3t-" + System.nanoTime();
        McpEndpoint late = endpoint("/echoes-credential-late", Map.of("Authorization", "Bearer " + token));
        McpException refused = catchThrowableOfType(McpException.class, () -> await(client.listTools(late)));
        assertThat(refused.getMessage()).contains("[redacted]").doesNotContain(token.substring(0, 8))
                .doesNotContain("\u202e").doesNotContain("\u001b").contains("\\u202e");
    }

    @Test
    void refusesInternalAddressesThatAreNotAllowListed() {
        McpClient strict = new McpClient(vertx, McpClientOptions.defaults());
        try {
            McpException e = catchThrowableOfType(McpException.class,
                    () -> await(strict.listTools(endpoint("/mcp", Map.of()))));
            assertThat(e.kind()).isEqualTo(Kind.BLOCKED_ADDRESS);
            assertThat(e.getMessage()).contains("loopback");
        } finally {
            strict.close();
        }
    }

    private static void assertFailure(McpEndpoint endpoint, Kind kind, String message) {
        McpException e = catchThrowableOfType(McpException.class, () -> await(client.listTools(endpoint)));
        assertThat(e).as(endpoint.url().toString()).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains(message);
    }

    private static McpEndpoint endpoint(String path, Map<String, String> headers) {
        return new McpEndpoint(URI.create(fixture.url(path)), McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(5), headers);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
