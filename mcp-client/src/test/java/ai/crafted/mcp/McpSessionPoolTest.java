package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.events.McpTransport;
import ai.crafted.testsupport.mcp.FixtureMcpServer;

/** Session reuse against our fixture, which logs every HTTP exchange it receives. */
class McpSessionPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectNode ARGS = new ObjectMapper().createObjectNode().put("id", "c-1");

    private Vertx vertx;
    private FixtureMcpServer fixture;
    private McpClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
        client = client(SessionPoolOptions.defaults());
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
        vertx.close();
    }

    @Test
    void nToolCallsToAWarmServerAreNExchanges() {
        McpEndpoint endpoint = endpoint("/mcp", "integration-1", Map.of("Authorization", "Bearer a"));
        await(client.callTool(endpoint, "lookup_customer", ARGS));
        // Cold: discover (refused by this 2025 server), initialize, initialized, the call.
        assertThat(fixture.requestLog()).containsExactly("server/discover", "initialize", "notifications/initialized",
                "tools/call");

        int before = fixture.requestLog().size();
        int n = 25;
        for (int i = 0; i < n; i++) {
            JsonNode result = await(client.callTool(endpoint, "lookup_customer", ARGS));
            assertThat(result.at("/content/0/text").asText()).contains("lookup_customer");
        }
        assertThat(fixture.requestLog().subList(before, fixture.requestLog().size()))
                .hasSize(n).containsOnly("tools/call");
        assertThat(fixture.deletedSessions()).isZero();
        assertThat(client.sessions().size()).isEqualTo(1);
    }

    @Test
    void aNewSessionToAServerKnownToBeOlderSkipsDiscovery() {
        await(client.callTool(endpoint("/mcp", "a", Map.of()), "lookup_customer", ARGS));
        int before = fixture.requestLog().size();
        await(client.callTool(endpoint("/mcp", "b", Map.of()), "lookup_customer", ARGS));
        assertThat(fixture.requestLog().subList(before, fixture.requestLog().size()))
                .containsExactly("initialize", "notifications/initialized", "tools/call");
    }

    @Test
    void concurrentFirstCallsShareOneInitialisation() {
        McpEndpoint endpoint = endpoint("/mcp", "integration-1", Map.of());
        List<Uni<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(client.callTool(endpoint, "lookup_customer", ARGS));
        }
        List<?> results = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
        assertThat(results).hasSize(10);
        assertThat(fixture.requestLog()).filteredOn("initialize"::equals).hasSize(1);
        assertThat(fixture.requestLog()).filteredOn("tools/call"::equals).hasSize(10);
    }

    @Test
    void aConfigurationOrCredentialChangeEndsTheOldSessionAndRetireEndsTheRest() {
        await(client.callTool(endpoint("/mcp", "integration-1", Map.of("Authorization", "Bearer v1")), "lookup_customer", ARGS));
        assertThat(fixture.deletedSessions()).isZero();

        // The credential was rotated: same owner, other headers.
        await(client.callTool(endpoint("/mcp", "integration-1", Map.of("Authorization", "Bearer v2")), "lookup_customer", ARGS));
        eventually(() -> fixture.deletedSessions() == 1);
        assertThat(client.sessions().size()).isEqualTo(1);

        client.retire("integration-1");
        eventually(() -> fixture.deletedSessions() == 2);
        assertThat(client.sessions().size()).isZero();
    }

    @Test
    void anIdleSessionIsEnded() {
        client.close();
        client = client(new SessionPoolOptions(Duration.ofMillis(300), 4, 1000, 32, Duration.ofMillis(50), false, 0));
        await(client.callTool(endpoint("/mcp", "integration-1", Map.of()), "lookup_customer", ARGS));
        assertThat(client.sessions().size()).isEqualTo(1);
        eventually(() -> fixture.deletedSessions() == 1);
        assertThat(client.sessions().size()).isZero();
    }

    @Test
    void atTheTotalLimitTheLeastRecentlyUsedIdleSessionMakesRoom() {
        client.close();
        client = client(new SessionPoolOptions(Duration.ofMinutes(5), 4, 2, 32, Duration.ofMillis(50), false, 0));
        await(client.callTool(endpoint("/mcp", "a", Map.of()), "lookup_customer", ARGS));
        await(client.callTool(endpoint("/mcp", "b", Map.of()), "lookup_customer", ARGS));
        await(client.callTool(endpoint("/mcp", "a", Map.of()), "lookup_customer", ARGS));
        await(client.callTool(endpoint("/mcp", "c", Map.of()), "lookup_customer", ARGS));
        // b was the least recently used: its session made room for c's.
        eventually(() -> fixture.deletedSessions() == 1);
        assertThat(client.sessions().size()).isEqualTo(2);
        int before = fixture.requestLog().size();
        await(client.callTool(endpoint("/mcp", "a", Map.of()), "lookup_customer", ARGS));
        assertThat(fixture.requestLog().subList(before, fixture.requestLog().size())).containsExactly("tools/call");
    }

    @Test
    void aSessionTheServerForgotIsReinitialisedAndAFailedOneReplaced() {
        McpEndpoint expiring = endpoint("/expiring", "integration-1", Map.of());
        assertThat(await(client.listTools(expiring))).hasSize(1);
        assertThat(fixture.requestLog()).filteredOn("initialize"::equals).hasSize(2);

        McpEndpoint slow = new McpEndpoint(URI.create(fixture.url("/slow")), McpTransport.STREAMABLE_HTTP,
                Duration.ofMillis(300), Map.of(), "integration-2");
        assertThat(Uni.createFrom().deferred(() -> client.callTool(slow, "x", ARGS)).onFailure().recoverWithItem(
                (JsonNode) null).await().atMost(WAIT)).isNull();
        // A timed-out session is in an unknown state: it is dropped, not reused.
        eventually(() -> client.sessions().size() == 1);
    }

    @Test
    void aCallThatBreaksItsSessionDoesNotBreakTheCallsSharingIt() {
        McpEndpoint endpoint = endpoint("/mcp", "integration-3", Map.of());
        await(client.callTool(endpoint, "lookup_customer", ARGS));
        Uni<JsonNode> slow = client.callTool(endpoint, "slow_tool", ARGS).memoize().indefinitely();
        slow.subscribe().with(r -> {
        }, e -> {
        });
        sleep(100); // the slow call is on the session now
        JsonNode broken = Uni.createFrom().deferred(() -> client.callTool(endpoint, "broken_tool", ARGS))
                .onFailure().recoverWithItem((JsonNode) null).await().atMost(WAIT);
        assertThat(broken).isNull();
        // Out of the pool at once (the next call opens a new session), ended only after the slow call.
        assertThat(client.sessions().size()).isZero();
        assertThat(fixture.deletedSessions()).isZero();
        assertThat(await(slow).at("/content/0/text").asText()).contains("slow_tool called");
        eventually(() -> fixture.deletedSessions() == 1);
    }

    @Test
    void toolsListChangedOnAStreamTheCallHoldsIsReportedOncePerWindow() {
        List<String> changed = new CopyOnWriteArrayList<>();
        client.onToolsListChanged(changed::add);
        McpEndpoint stream = endpoint("/mcp-stream", "integration-9", Map.of());
        for (int i = 0; i < 3; i++) {
            await(client.callTool(stream, "announce_change", ARGS));
        }
        eventually(() -> changed.size() == 1);
        sleep(200);
        assertThat(changed).containsExactly("integration-9");
    }

    @Test
    void aLegacyStreamCarriesToolsListChangedToo() {
        List<String> changed = new CopyOnWriteArrayList<>();
        client.onToolsListChanged(changed::add);
        McpEndpoint sse = new McpEndpoint(URI.create(fixture.url("/sse")), McpTransport.HTTP_SSE, Duration.ofSeconds(5),
                Map.of(), "legacy-1");
        await(client.callTool(sse, "announce_change", ARGS));
        await(client.callTool(sse, "lookup_customer", ARGS));
        assertThat(fixture.requestLog()).filteredOn("initialize"::equals).hasSize(1);
        eventually(() -> changed.equals(List.of("legacy-1")));
    }

    @Test
    void aListeningPoolKeepsAGetStreamOpenAndHearsChangesWithoutACall() {
        client.close();
        client = client(new SessionPoolOptions(Duration.ofMillis(300), 4, 1000, 32, Duration.ofMillis(50), true, 10));
        List<String> changed = new CopyOnWriteArrayList<>();
        client.onToolsListChanged(changed::add);
        await(client.listTools(endpoint("/mcp", "integration-5", Map.of())));
        eventually(() -> fixture.listeners() == 1);
        sleep(800); // past the idle timeout: a listening session stays
        assertThat(fixture.deletedSessions()).isZero();
        assertThat(client.sessions().listening()).isEqualTo(1);

        assertThat(fixture.announceToolListChange()).isEqualTo(1);
        eventually(() -> changed.equals(List.of("integration-5")));

        client.retire("integration-5");
        eventually(() -> fixture.listeners() == 0 && fixture.deletedSessions() == 1);
    }

    @Test
    void aNotificationStreamThatNeverEndsAnEventIsCutAtTheResponseLimit() {
        client.close();
        client = new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1"))
                .withMaxResponseBytes(256 * 1024)
                .withSessions(new SessionPoolOptions(Duration.ofMinutes(5), 4, 1000, 32, Duration.ofMillis(50), true, 10)));
        await(client.listTools(endpoint("/mcp", "integration-6", Map.of())));
        eventually(() -> fixture.listeners() == 1);
        fixture.floodListeners(1024 * 1024);
        eventually(() -> fixture.listeners() == 0);
        // The session itself still serves calls.
        int before = fixture.requestLog().size();
        await(client.callTool(endpoint("/mcp", "integration-6", Map.of()), "lookup_customer", ARGS));
        assertThat(fixture.requestLog().subList(before, fixture.requestLog().size())).containsExactly("tools/call");
    }

    @Test
    void aNotificationStreamThatEndsIsReopenedAndTheGaugeCountsOnlyOpenStreams() {
        client.close();
        client = client(new SessionPoolOptions(Duration.ofMillis(400), 4, 1000, 32, Duration.ofMillis(50), true, 10));
        List<String> changed = new CopyOnWriteArrayList<>();
        client.onToolsListChanged(changed::add);
        await(client.listTools(endpoint("/mcp", "integration-7", Map.of())));
        eventually(() -> fixture.listeners() == 1 && client.sessions().listening() == 1);

        fixture.dropListeners();
        eventually(() -> client.sessions().listening() == 0);
        eventually(() -> fixture.listeners() == 1 && client.sessions().listening() == 1);
        assertThat(fixture.requestLog()).filteredOn("GET"::equals).hasSize(2);
        fixture.announceToolListChange();
        eventually(() -> changed.equals(List.of("integration-7")));
    }

    @Test
    void aJsonAnswerThatNeverEndsIsCutWhenTheCallTimesOut() {
        McpEndpoint trickle = new McpEndpoint(URI.create(fixture.url("/trickle")), McpTransport.STREAMABLE_HTTP,
                Duration.ofMillis(500), Map.of(), "integration-8");
        for (int i = 0; i < 3; i++) {
            McpException e = org.assertj.core.api.Assertions.catchThrowableOfType(McpException.class,
                    () -> await(client.callTool(trickle, "lookup_customer", ARGS)));
            assertThat(e.kind()).isEqualTo(McpException.Kind.TIMEOUT);
        }
        // The connections are reset at the timeout, not held (with their buffers) until the server stops.
        eventually(() -> fixture.tricklesCut() == 3);
    }

    private McpClient client(SessionPoolOptions pool) {
        return new McpClient(vertx, McpClientOptions.defaults().withAllowedPrivateHosts(Set.of("127.0.0.1"))
                .withSessions(pool));
    }

    private McpEndpoint endpoint(String path, String owner, Map<String, String> headers) {
        return new McpEndpoint(URI.create(fixture.url(path)), McpTransport.STREAMABLE_HTTP, Duration.ofSeconds(5),
                headers, owner);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
