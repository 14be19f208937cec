package ai.crafted.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevLoginProvider;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.postgres.PostgresAdmin;
import ai.crafted.testsupport.stack.ServiceProcess;

/**
 * How long a control-panel change takes to take effect at the gateway, measured end to end
 * against the real services (integrations-service, catalog-refresher, gateway) on one Kafka:
 * the clock starts when the control panel's response arrives and stops at the first chat
 * completion that shows the change. Chats are sent back to back (a few ms each), so that is the
 * resolution. A model stub calls the first tool it is offered and answers with the tool's result,
 * so an answer tells which server's tool ran.
 */
final class PropagationBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = Integer.getInteger("bench.propagation.rounds", 15);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String controlPanel;
    private final String gateway;
    private final String org = UUID.randomUUID().toString();
    private final String token = DevTokens.admin(org);

    private PropagationBench(String controlPanel, String gateway) {
        this.controlPanel = controlPanel;
        this.gateway = gateway;
    }

    /** Starts the three services, runs every scenario {@code ROUNDS} times and reports p50 and max. */
    static void run(Report report, Path root, Path runDir, String kafka, Vertx vertx, List<AutoCloseable> cleanup)
            throws Exception {
        FixtureMcpServer serverA = FixtureMcpServer.start(vertx);
        serverA.setTools(List.of(FixtureMcpServer.tool("lookup_a", "Looks a record up on server A.")));
        FixtureMcpServer serverB = FixtureMcpServer.start(vertx);
        serverB.setTools(List.of(FixtureMcpServer.tool("lookup_b", "Looks a record up on server B.")));
        cleanup.add(serverA);
        cleanup.add(serverB);
        ToolCallingModel model = ToolCallingModel.start(vertx);
        DevLoginProvider login = DevLoginProvider.start(vertx, 0);
        String integrations = database("bench_prop_integrations", cleanup);
        String catalog = database("bench_prop_catalog", cleanup);
        ServiceProcess is = BenchMain.start(root, runDir, "integrations-service", integrations, kafka,
                Map.of("quarkus.oidc.ui.auth-server-url", login.issuer()));
        cleanup.add(is);
        ServiceProcess cr = BenchMain.start(root, runDir, "catalog-refresher", catalog, kafka, Map.of());
        cleanup.add(cr);
        ServiceProcess gw = BenchMain.start(root, runDir, "gateway-service", null, kafka,
                Map.of("gateway.upstreams.default.base-url", model.baseUrl()));
        cleanup.add(gw);

        PropagationBench bench = new PropagationBench(is.baseUrl(), gw.baseUrl());
        String key = bench.createKey();
        bench.awaitStatus(key, status -> status == 200); // the gateway knows the key
        List<Long> install = new ArrayList<>();
        List<Long> patch = new ArrayList<>();
        List<Long> rotation = new ArrayList<>();
        List<Long> revoke = new ArrayList<>();
        List<Long> newKey = new ArrayList<>();
        // Round -1 warms every path (JIT, connection pools, consumer fetch sessions) and is not reported.
        for (int round = -1; round < ROUNDS; round++) {
            final int r = round;
            long installed = bench.timed(() -> bench.timeInstall(serverA.url("/mcp"), r));
            long patched = bench.timed(() -> bench.timePatch(serverB.url("/mcp")));
            long rotated = bench.timed(() -> bench.timeRotation(serverA, r));
            long[] keyTimes = bench.timeKeyLifecycle();
            bench.uninstallAll(); // each round starts with no plugin installed
            if (round >= 0) {
                install.add(installed);
                patch.add(patched);
                rotation.add(rotated);
                newKey.add(keyTimes[0]);
                revoke.add(keyTimes[1]);
            }
        }
        report.line("propagation: install → tools injected and called", summary(install));
        report.line("propagation: PATCH endpoint → calls reach the new server", summary(patch));
        report.line("propagation: credential rotation → the new secret is used", summary(rotation));
        report.line("propagation: API key created → accepted", summary(newKey));
        report.line("propagation: API key revoked → refused", summary(revoke));
        report.note("Propagation rows: " + ROUNDS + " rounds each, p50 / max in ms, from the control panel's response to"
                + " the first gateway answer showing the change; install, PATCH and rotation include catalog-refresher"
                + " listing the server (a catalog is only used for the configuration it was listed under).");
    }

    private interface Scenario {
        long run() throws Exception;
    }

    /** A scenario's milliseconds, or {@link Long#MAX_VALUE} when the change did not show in time. */
    private long timed(Scenario scenario) throws Exception {
        try {
            return scenario.run();
        } catch (IllegalStateException e) {
            System.err.println("propagation: " + e.getMessage());
            return Long.MAX_VALUE;
        }
    }

    private long timeInstall(String endpoint, int round) throws Exception {
        slug = "prop-" + (round + 1);
        post("/integrations", "{\"kind\":\"mcp\",\"slug\":\"" + slug + "\",\"displayName\":\"p\",\"config\":{\"endpoint\":\""
                + endpoint + "\"}}", 201);
        long start = System.nanoTime();
        awaitAnswer(slug + "__lookup_a", content -> content.startsWith("lookup_a called with"));
        return elapsedMs(start);
    }

    private long timePatch(String newEndpoint) throws Exception {
        String id = installedIds().get(0);
        send("PATCH", "/integrations/" + id, "{\"config\":{\"endpoint\":\"" + newEndpoint + "\"}}", 200);
        long start = System.nanoTime();
        awaitAnswer(slug + "__lookup_b", content -> content.startsWith("lookup_b called with"));
        return elapsedMs(start);
    }

    private long timeRotation(FixtureMcpServer server, int round) throws Exception {
        String credential = post("/credentials", "{\"name\":\"cred-" + (round + 1) + "\",\"type\":\"bearer\",\"secret\":\"first-"
                + round + "\"}", 201).path("id").asText();
        String id = installedIds().get(0);
        send("PATCH", "/integrations/" + id, "{\"config\":{\"endpoint\":\"" + server.url("/mcp") + "\"},\"credentialId\":\""
                + credential + "\"}", 200);
        awaitAnswer(slug + "__lookup_a", content -> content.startsWith("lookup_a called with")
                && ("Bearer first-" + round).equals(lastAuthorization(server)));
        post("/credentials/" + credential + "/rotate", "{\"secret\":\"second-" + round + "\"}", 200);
        long start = System.nanoTime();
        awaitAnswer(slug + "__lookup_a", content -> content.startsWith("lookup_a called with")
                && ("Bearer second-" + round).equals(lastAuthorization(server)));
        long elapsed = elapsedMs(start);
        send("PATCH", "/integrations/" + id, "{\"credentialId\":null}", 200);
        return elapsed;
    }

    private long[] timeKeyLifecycle() throws Exception {
        JsonNode created = post("/api-keys", "{\"name\":\"prop-" + UUID.randomUUID() + "\"}", 201);
        long start = System.nanoTime();
        awaitStatus(created.path("key").asText(), status -> status == 200);
        long accepted = elapsedMs(start);
        send("DELETE", "/api-keys/" + created.path("id").asText(), null, 204);
        start = System.nanoTime();
        awaitStatus(created.path("key").asText(), status -> status == 401);
        return new long[] { accepted, elapsedMs(start) };
    }

    private String key;
    private String slug;

    private String createKey() throws Exception {
        key = post("/api-keys", "{\"name\":\"propagation\"}", 201).path("key").asText();
        return key;
    }

    private void uninstallAll() throws Exception {
        for (String id : installedIds()) {
            send("DELETE", "/integrations/" + id, null, 204);
        }
    }

    private List<String> installedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        send("GET", "/integrations", null, 200).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** Chats, asking the model to call {@code tool}, until an answer shows the change. */
    private void awaitAnswer(String tool, Predicate<String> shows) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = chat(key, tool);
            if (response.statusCode() == 200
                    && shows.test(JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText())) {
                return;
            }
        }
        throw new IllegalStateException("the change did not show at the gateway within " + GIVE_UP);
    }

    private void awaitStatus(String key, Predicate<Integer> expected) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.test(chat(key, "none").statusCode())) {
                return;
            }
        }
        throw new IllegalStateException("the gateway did not answer as expected within " + GIVE_UP);
    }

    private HttpResponse<String> chat(String apiKey, String tool) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"prop\",\"messages\":[{\"role\":\"user\",\"content\":\"" + tool + "\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String path, String body, int expected) throws Exception {
        return send("POST", path, body, expected);
    }

    private JsonNode send(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(controlPanel + "/organizations/" + org + path))
                .header("Authorization", "Bearer " + token).header("X-Org-Id", org)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String lastAuthorization(FixtureMcpServer server) {
        var headers = server.requestHeaders();
        return headers.isEmpty() ? null : headers.get(headers.size() - 1).get("Authorization");
    }

    private static String database(String prefix, List<AutoCloseable> cleanup) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresAdmin.createDatabase(name);
        cleanup.add(() -> PostgresAdmin.dropDatabase(name));
        return name;
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long missed = sorted.stream().filter(m -> m == Long.MAX_VALUE).count();
        return String.format("p50 %s, max %s (%d rounds%s)", ms(sorted.get(sorted.size() / 2)),
                ms(sorted.get(sorted.size() - 1)), sorted.size(),
                missed == 0 ? "" : ", " + missed + " did not show within " + GIVE_UP.toSeconds() + " s");
    }

    private static String ms(long millis) {
        return millis == Long.MAX_VALUE ? "> " + GIVE_UP.toMillis() + " ms" : millis + " ms";
    }

    /**
     * An OpenAI-compatible model that calls the tool the user message names, if it is offered,
     * and then repeats the tool's result.
     */
    static final class ToolCallingModel {

        private final int port;

        private ToolCallingModel(int port) {
            this.port = port;
        }

        static ToolCallingModel start(Vertx vertx) throws Exception {
            int port = Ports.free();
            vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                JsonNode chat = read(body.toString());
                JsonNode messages = chat.path("messages");
                JsonNode last = messages.path(messages.size() - 1);
                ObjectNode message = JSON.createObjectNode().put("role", "assistant");
                String finish = "stop";
                if (last.path("role").asText().equals("tool")) {
                    message.put("content", last.path("content").asText());
                } else if (offered(chat, last.path("content").asText())) {
                    finish = "tool_calls";
                    message.putNull("content");
                    ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
                    call.putObject("function").put("name", last.path("content").asText()).put("arguments", "{}");
                } else {
                    message.put("content", "the tool is not offered");
                }
                ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-prop").put("object", "chat.completion")
                        .put("created", 1700000000).put("model", "prop");
                completion.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
                request.response().putHeader("Content-Type", "application/json").end(completion.toString());
            })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new ToolCallingModel(port);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }

        private static boolean offered(JsonNode chat, String tool) {
            for (JsonNode offered : chat.path("tools")) {
                if (offered.path("function").path("name").asText().equals(tool)) {
                    return true;
                }
            }
            return false;
        }

        private static JsonNode read(String body) {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }
    }
}
