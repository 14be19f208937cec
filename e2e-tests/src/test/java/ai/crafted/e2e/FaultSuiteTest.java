package ai.crafted.e2e;

import static ai.crafted.testsupport.mcp.ScriptedUpstream.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.oneOf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.testsupport.mcp.FakeGraphApi;
import ai.crafted.testsupport.mcp.FixtureMcpServer;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.postgres.PostgresAdmin;

/**
 * The fault suite's core cases, on a stack of its own ({@link FaultStack}): the Kafka broker
 * killed and restarted during control-panel writes and a WhatsApp burst, a service's PostgreSQL
 * connections cut during writes and replies, whatsapp-worker killed while its replies are on
 * their way to WhatsApp, the gateway killed during a streamed loop, duplicate and out-of-order
 * webhooks. Each case checks what the product promises: no control-panel write that answered 2xx
 * is lost on its way to the other services, every WhatsApp message is answered exactly once or
 * visibly parked for an operator, nothing is sent twice, and every service is ready again
 * without anyone restarting it. Each case prints one {@code fault-suite:} line with its counts
 * (quoted in the README's fault table).
 */
class FaultSuiteTest {

    private static final Duration SETTLE = Duration.ofSeconds(150);
    private static final String SECRET = "fault-app-secret";

    private static FaultStack stack;
    private static FixtureMcpServer mcp;
    private static ExecutorService pool;

    private final String org = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack = FaultStack.start(Map.of());
        mcp = FixtureMcpServer.start(stack.vertx());
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (mcp != null) {
            mcp.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void modelAnswersEachMessageByItsText() {
        stack.graph().releaseAnswers();
        stack.upstream().reset();
        stack.upstream().whenIdle(request -> {
            JsonNode messages = request.path("messages");
            return text("answer to " + messages.get(messages.size() - 1).path("content").asText());
        });
    }

    @Test
    void theBrokerKilledDuringInstallsKeysAndAWhatsAppBurstLosesAndDuplicatesNothing() throws Exception {
        App app = createApp();
        List<String> texts = messages("broker", 30);
        List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deliveries.add(deliverAsync(app, i, texts.get(i)));
        }
        stack.broker().kill();
        long killedAt = System.nanoTime();
        long restartedAt;
        List<CompletableFuture<String>> installs = new ArrayList<>();
        List<CompletableFuture<String>> keys = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            deliveries.add(deliverAsync(app, i, texts.get(i)));
        }
        for (int i = 0; i < 5; i++) {
            String slug = "outage-" + i;
            installs.add(CompletableFuture.supplyAsync(() -> install(slug), pool));
            keys.add(CompletableFuture.supplyAsync(this::createKey, pool));
        }
        try {
            Thread.sleep(6_000);
        } finally {
            restartedAt = System.nanoTime();
            stack.broker().restart();
        }
        long deadMs = (restartedAt - killedAt) / 1_000_000;
        long downMs = (System.nanoTime() - killedAt) / 1_000_000;
        for (int i = 20; i < 30; i++) {
            deliveries.add(deliverAsync(app, i, texts.get(i)));
        }
        int webhookAttempts = join(deliveries).stream().mapToInt(Integer::intValue).sum();
        List<String> integrationIds = join(installs);
        List<String> apiKeys = join(keys);

        stack.awaitAllReady(SETTLE);
        Outcome outcome = awaitOutcome(app, texts);
        // Every key the control panel returned works at the gateway, every install reached the
        // refresher and came back with its catalog: no event lost in the outage.
        for (String key : apiKeys) {
            await().atMost(SETTLE).until(() -> given().baseUri(stack.url("gateway-service")).auth().oauth2(key)
                    .get("/v1/models").statusCode() == 200);
        }
        for (String id : integrationIds) {
            await().atMost(SETTLE).until(() -> api().get("/organizations/{org}/integrations/{id}", org, id).then().extract()
                    .jsonPath().getInt("toolCount") > 0);
        }
        report("kafka broker kill -9, dead " + deadMs + " ms, answering again after " + downMs + " ms (recovery included)", texts.size(), outcome,
                "webhook posts " + webhookAttempts + " (those during the outage held until Kafka took them); installs "
                        + integrationIds.size() + "/5 listed, API keys " + apiKeys.size() + "/5 working");
        assertThat(outcome.duplicated()).isZero();
        assertThat(outcome.answered() + outcome.parked()).isEqualTo(texts.size());
    }

    @Test
    void databaseConnectionsCutDuringWritesAndRepliesLoseAndDuplicateNothing() throws Exception {
        App app = createApp();
        List<String> texts = messages("database", 20);
        List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deliveries.add(deliverAsync(app, i, texts.get(i)));
        }
        CompletableFuture<Void> workerDb = CompletableFuture.runAsync(() -> stack.cutDatabase("whatsapp-worker",
                Duration.ofSeconds(5)), pool);
        CompletableFuture<Void> panelDb = CompletableFuture.runAsync(() -> stack.cutDatabase("integrations-service",
                Duration.ofSeconds(5)), pool);
        Thread.sleep(300);
        Map<String, Integer> writes = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String slug = "cut-" + i;
            Response response = api().body(integrationJson(slug)).post("/organizations/{org}/integrations", org);
            writes.put(slug, response.statusCode());
            if (response.statusCode() >= 400) {
                assertThat(response.jsonPath().getString("error.code")).as("a refused write says why").isNotBlank();
            }
        }
        for (int i = 10; i < 20; i++) {
            deliveries.add(deliverAsync(app, i, texts.get(i)));
        }
        workerDb.get(30, TimeUnit.SECONDS);
        panelDb.get(30, TimeUnit.SECONDS);
        join(deliveries);

        stack.awaitAllReady(SETTLE);
        Outcome outcome = awaitOutcome(app, texts);
        List<String> listed = api().queryParam("size", 200).get("/organizations/{org}/integrations", org).then().statusCode(200)
                .extract().jsonPath().getList("items.slug");
        long accepted = writes.values().stream().filter(status -> status == 201).count();
        for (var write : writes.entrySet()) {
            // A write either happened completely (and its event follows) or not at all.
            assertThat(listed.contains(write.getKey())).as("%s answered %d", write.getKey(), write.getValue())
                    .isEqualTo(write.getValue() == 201);
        }
        report("PostgreSQL connections of integrations and whatsapp dropped and refused for 5 s", texts.size(), outcome,
                "installs during the cut: " + accepted + " answered 201, " + (writes.size() - accepted)
                        + " refused with a JSON error, none half-done");
        assertThat(outcome.duplicated()).isZero();
        assertThat(outcome.answered() + outcome.parked()).isEqualTo(texts.size());
    }

    @Test
    void aWorkerKilledWhileItsRepliesAreOnTheWayParksThemAndAnswersTheRestOnce() throws Exception {
        App app = createApp();
        List<String> texts = messages("worker-kill", 12);
        FakeGraphApi graph = stack.graph();
        graph.holdAnswers();
        for (int i = 0; i < 6; i++) {
            deliver(app, i, texts.get(i));
        }
        // Six customers' replies have reached WhatsApp; the worker has not heard back from any.
        await().atMost(SETTLE).until(() -> texts.subList(0, 6).stream().allMatch(t -> sends(t) == 1));
        try {
            stack.kill("whatsapp-worker", 0);
        } finally {
            graph.releaseAnswers();
            stack.restart("whatsapp-worker", 0);
        }
        for (int i = 6; i < 12; i++) {
            deliver(app, i, texts.get(i));
        }
        Outcome outcome = awaitOutcome(app, texts);
        report("whatsapp-worker kill -9 with 6 replies sent but not acknowledged", texts.size(), outcome,
                "the 6 interrupted ones parked for an operator, not sent again");
        assertThat(outcome.duplicated()).isZero();
        assertThat(outcome.parked()).as("interrupted replies left for an operator").isEqualTo(6);
        assertThat(outcome.answered() + outcome.parked()).isEqualTo(texts.size());
    }

    @Test
    void aWhatsAppTurnWaitingForApprovalSurvivesAWorkerRestartAndRunsItsToolOnceWithOneReply() throws Exception {
        // A plugin whose one tool is destructive (its annotations say so): every call waits for a person.
        FixtureMcpServer files = FixtureMcpServer.start(stack.vertx());
        try {
            ObjectNode delete = FixtureMcpServer.tool("delete_order", "Deletes an order by ID.");
            delete.putObject("annotations").put("destructiveHint", true);
            files.setTools(List.of(delete));
            String plugin = api().body("""
                    {"kind":"mcp","slug":"orders","displayName":"Orders","config":{"endpoint":"%s"}}""".formatted(files.url("/mcp")))
                    .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
            await().atMost(SETTLE).until(() -> api().get("/organizations/{org}/integrations/{id}", org, plugin).then().extract()
                    .jsonPath().getInt("toolCount") == 1);
            String phoneNumberId = Long.toString(100000000000L + (long) (Math.random() * 1e11));
            String appId = api().body("""
                    {"phoneNumberId":"%s","displayName":"Orders line","accessToken":"EAAG-fault-token",
                     "appSecret":"%s","verifyToken":"fault-verify","model":"gpt-test",
                     "systemPrompt":"You answer.","mcpPluginIds":["%s"]}""".formatted(phoneNumberId, SECRET, plugin))
                    .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
            App app = new App(appId, phoneNumberId);
            String question = "please delete order 77 " + UUID.randomUUID().toString().substring(0, 8);
            stack.upstream().reset();
            stack.upstream().whenIdle(request -> {
                JsonNode messages = request.path("messages");
                JsonNode last = messages.get(messages.size() - 1);
                return "tool".equals(last.path("role").asText()) ? text("Order 77 is deleted: " + last.path("content").asText())
                        : ScriptedUpstream.toolCalls("orders__delete_order", "{\"id\":\"77\"}");
            });

            deliver(app, 0, question);
            String notice = "Your request needs a confirmation from our team.";
            await().atMost(SETTLE).until(() -> stack.graph().sent().stream().anyMatch(s -> s.text().startsWith(notice)));
            String approval = await().atMost(SETTLE).until(() -> api().queryParam("status", "pending")
                    .get("/organizations/{org}/approvals", org).then().extract().jsonPath().<String>getList("items.id"),
                    ids -> ids.size() == 1).get(0);
            assertThat(toolCalls(files)).as("nothing ran before the approval").isZero();

            // The worker stops hard while the turn waits; it comes back knowing only what its database holds.
            stack.kill("whatsapp-worker", 0);
            stack.restart("whatsapp-worker", 0);
            api().body("{\"reason\":\"customer confirmed by phone\"}")
                    .post("/organizations/{org}/approvals/{id}/approve", org, approval).then()
                    .statusCode(oneOf(200, 202));

            await().atMost(SETTLE).until(() -> stack.graph().sent().stream().anyMatch(s -> s.text().startsWith("Order 77 is deleted")));
            Thread.sleep(3_000); // a duplicate resume or reply would have shown up by now
            long replies = stack.graph().sent().stream().filter(s -> s.text().startsWith("Order 77 is deleted")).count();
            long notices = stack.graph().sent().stream().filter(s -> s.text().startsWith(notice)).count();
            report("whatsapp-worker kill -9 while a turn waits for approval, then approved", 1,
                    new Outcome(replies == 1 ? 1 : 0, 0, replies > 1 ? 1 : 0, (int) replies), "tool calls " + toolCalls(files));
            assertThat(toolCalls(files)).as("the approved call ran exactly once").isEqualTo(1);
            assertThat(replies).as("one answer").isEqualTo(1);
            assertThat(notices).as("one notice").isEqualTo(1);
            await().atMost(SETTLE).until(() -> "used".equals(api().get("/organizations/{org}/approvals/{id}", org, approval)
                    .then().extract().jsonPath().getString("status")));
        } finally {
            files.close();
        }
    }

    private static long toolCalls(FixtureMcpServer server) {
        return server.requestLog().stream().filter("tools/call"::equals).count();
    }

    @Test
    void duplicateAndOutOfOrderWebhooksGetOneReplyEach() throws Exception {
        App app = createApp();
        List<String> texts = messages("duplicate", 10);
        List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
        // Each delivery three times, the copies racing each other, later messages before earlier ones.
        for (int i = texts.size() - 1; i >= 0; i--) {
            for (int copy = 0; copy < 3; copy++) {
                deliveries.add(deliverAsync(app, i, texts.get(i)));
            }
        }
        join(deliveries);
        Outcome outcome = awaitOutcome(app, texts);
        report("each webhook delivered 3 times concurrently, newest first", texts.size(), outcome, "30 deliveries");
        assertThat(outcome.duplicated()).isZero();
        assertThat(outcome.answered()).isEqualTo(texts.size());
    }

    @Test
    void theGatewayKilledDuringAStreamedLoopIsReadyAgainAndServesTheNextChat() throws Exception {
        String key = createKey();
        stack.upstream().reset();
        stack.upstream().pacedBy(200).thenAnswer(text("one two three four five six seven eight nine ten eleven twelve"));
        CompletableFuture<Integer> streamed = CompletableFuture.supplyAsync(() -> {
            try {
                return given().baseUri(stack.url("gateway-service")).auth().oauth2(key).contentType(ContentType.JSON)
                        .body("{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}")
                        .post("/v1/chat/completions").asString().length();
            } catch (Exception cut) {
                // The connection dies with the gateway (RestAssured throws the IOException as it is).
                return -1;
            }
        }, pool);
        await().atMost(SETTLE).until(() -> !stack.upstream().requests().isEmpty());
        Thread.sleep(500);
        stack.kill("gateway-service", 0);
        int got;
        try {
            got = streamed.get(60, TimeUnit.SECONDS);
        } finally {
            stack.restart("gateway-service", 0);
        }
        stack.upstream().reset();
        stack.upstream().thenAnswer(text("back"));
        // The key is in the restarted gateway's replayed view before it reports ready.
        String answer = given().baseUri(stack.url("gateway-service")).auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().path("choices[0].message.content");
        System.out.println("fault-suite: gateway kill -9 during a streamed answer | the client's stream "
                + (got < 0 ? "was cut (connection closed mid-stream)" : "ended after " + got + " characters")
                + " | restarted, ready, next chat answered: " + answer);
        assertThat(answer).isEqualTo("back");
    }

    // --- what was answered -------------------------------------------------------------------

    /** Counts over the burst: answered once, parked (listed for an operator), duplicated (sent twice or more). */
    private record Outcome(int answered, int parked, int duplicated, int sendsTotal) {
    }

    private Outcome awaitOutcome(App app, List<String> texts) {
        Function<Void, Outcome> count = ignored -> {
            List<String> parkedTexts = api().queryParam("size", 200).get("/organizations/{org}/whatsapp-apps/{app}/parked-messages",
                    org, app.id()).then().statusCode(200).extract().jsonPath().getList("items.text");
            int answered = 0;
            int parked = 0;
            int duplicated = 0;
            int total = 0;
            for (String text : texts) {
                int sends = sends(text);
                total += sends;
                if (sends > 1) {
                    duplicated++;
                }
                if (parkedTexts.contains(text)) {
                    parked++;
                } else if (sends == 1) {
                    answered++;
                }
            }
            return new Outcome(answered, parked, duplicated, total);
        };
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                Outcome now = count.apply(null);
                return now.answered() + now.parked() + now.duplicated() >= texts.size();
            });
        } catch (ConditionTimeoutException timeout) {
            // One line (Surefire's summary shows only the first): what the worker recorded for each
            // message that was neither answered once nor parked, so a failure in CI says why.
            throw new AssertionError("not answered or parked within " + SETTLE.toSeconds() + " s: "
                    + unfinished(app, texts, count.apply(null)), timeout);
        }
        // Redeliveries and retries that were still under way have had time to show up twice.
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count.apply(null);
    }

    /** For each message neither answered once nor parked: its sends and the worker's row (status, last error). */
    private String unfinished(App app, List<String> texts, Outcome outcome) {
        List<String> parked = api().queryParam("size", 200).get("/organizations/{org}/whatsapp-apps/{app}/parked-messages",
                org, app.id()).then().extract().jsonPath().getList("items.text");
        StringBuilder out = new StringBuilder(outcome.toString());
        try (Connection db = DriverManager.getConnection(PostgresAdmin.jdbcUrl(stack.database("whatsapp-worker")),
                PostgresAdmin.USER, PostgresAdmin.PASSWORD);
                PreparedStatement row = db.prepareStatement("select status, last_error from inbound_messages where wamid = ?")) {
            for (String text : texts) {
                int sends = sends(text);
                if (sends == 1 || parked.contains(text)) {
                    continue;
                }
                row.setString(1, wamid(text));
                try (ResultSet found = row.executeQuery()) {
                    out.append(" | '").append(text).append("' sends ").append(sends).append(", worker: ")
                            .append(found.next() ? found.getString(1) + " (" + found.getString(2) + ")" : "no row");
                }
            }
        } catch (SQLException e) {
            out.append(" | worker database unreadable: ").append(e.getMessage());
        }
        return out.toString().replace('\n', ' ');
    }

    private static String wamid(String text) {
        return "wamid." + UUID.nameUUIDFromBytes(text.getBytes());
    }

    private int sends(String text) {
        return (int) stack.graph().sent().stream().filter(s -> ("answer to " + text).equals(s.text())).count();
    }

    private static void report(String fault, int messages, Outcome outcome, String more) {
        System.out.println("fault-suite: " + fault + " | WhatsApp messages " + messages + ", answered once " + outcome.answered()
                + ", parked " + outcome.parked() + ", duplicated " + outcome.duplicated() + ", sends " + outcome.sendsTotal()
                + " | " + more);
    }

    // --- the customer side: WhatsApp deliveries --------------------------------------------

    private record App(String id, String phoneNumberId) {
    }

    private App createApp() {
        String phoneNumberId = Long.toString(100000000000L + (long) (Math.random() * 1e11));
        String id = api().body("""
                {"phoneNumberId":"%s","displayName":"Fault line","accessToken":"EAAG-fault-token",
                 "appSecret":"%s","verifyToken":"fault-verify","model":"gpt-test",
                 "systemPrompt":"You answer.","mcpPluginIds":[]}""".formatted(phoneNumberId, SECRET))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
        return new App(id, phoneNumberId);
    }

    /** Distinct message texts. */
    private static List<String> messages(String burst, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(burst + " question " + i + " " + run);
        }
        return texts;
    }

    /** Delivers the i-th message from customer i % 5 (five conversations, each answered in order). */
    private CompletableFuture<Integer> deliverAsync(App app, int index, String text) {
        return CompletableFuture.supplyAsync(() -> deliver(app, index % 5, text), pool);
    }

    /**
     * Posts the message's signed delivery, from the app's {@code customer}-th customer, until the worker takes it (200), as WhatsApp redelivers
     * what was not acknowledged; the message id is fixed by the text, so copies are redeliveries.
     *
     * @return how many posts it took
     */
    private int deliver(App app, int customer, String text) {
        String from = "49155" + (1000000 + Math.abs(app.phoneNumberId().hashCode() % 1000) * 100 + customer);
        String body = WebhookSignatures.textDelivery(app.phoneNumberId(), from, wamid(text), text);
        AtomicInteger posts = new AtomicInteger();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            posts.incrementAndGet();
            try {
                return given().baseUri(stack.url("whatsapp-worker")).contentType(ContentType.JSON)
                        .header("X-Hub-Signature-256", WebhookSignatures.sign(body, SECRET)).body(body)
                        .post("/webhooks/whatsapp/{app}", app.id()).statusCode() == 200;
            } catch (RuntimeException workerDown) {
                return false;
            }
        });
        return posts.get();
    }

    // --- the control panel -------------------------------------------------------------------

    private String install(String slug) {
        return api().body(integrationJson(slug)).post("/organizations/{org}/integrations", org).then().statusCode(201)
                .extract().path("id");
    }

    private String integrationJson(String slug) {
        return """
                {"kind":"mcp","slug":"%s","displayName":"%s","config":{"endpoint":"%s"}}""".formatted(slug, slug, mcp.url("/mcp"));
    }

    private String createKey() {
        return api().body("{\"name\":\"fault\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .extract().path("key");
    }

    private RequestSpecification api() {
        return given().baseUri(stack.url("integrations-service")).auth().oauth2(DevTokens.admin(org))
                .header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    private static <T> List<T> join(List<CompletableFuture<T>> futures) {
        return futures.stream().map(f -> f.orTimeout(300, TimeUnit.SECONDS).join()).collect(Collectors.toList());
    }
}
