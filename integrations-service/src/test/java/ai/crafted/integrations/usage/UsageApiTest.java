package ai.crafted.integrations.usage;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.crafted.events.Topics;
import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.events.UsageRecordedEvent.Round;
import ai.crafted.events.UsageRecordedEvent.ToolCall;
import ai.crafted.integrations.ui.UsageChart;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * The gateway's usage records become daily rows (once each, however often they are delivered),
 * read back per plugin and tool, per surface and model and per day, only by the organisation.
 */
@QuarkusTest
class UsageApiTest {

    // A recent day, within the dedupe retention (records older than it are skipped).
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    private static final Instant NOON = DAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final String ON_DAY = "?from=" + DAY + "&to=" + DAY;

    @Test
    void twoRecordsAddUpToOneDailyRowAndARedeliveryCountsOnce() {
        String org = newOrg();
        UUID plugin = UUID.fromString(install(org, "crm"));
        String keyId = asAdmin(org).body("{\"name\":\"sdk-client\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id");
        UUID key = UUID.fromString(keyId);
        UsageRecordedEvent first = record(org, key, NOON, List.of(new Round(100, 7), new Round(180, 20)), List.of(
                new ToolCall(plugin, "crm", "echo", 3, "ok"), new ToolCall(plugin, "crm", "echo", 8, "tool_error")), 12.5);
        UsageRecordedEvent second = record(org, key, NOON.plusSeconds(3600), List.of(new Round(50, 5)), List.of(
                new ToolCall(plugin, "crm", "echo", 120, "ok"), new ToolCall(plugin, "crm", "lookup", 700, "error")), 7.5);
        // Another organisation's record on the same day, naming the same plugin and key: never counted here.
        String other = newOrg();
        TopicWriter.send(Topics.USAGE_RECORDED, other, record(other, key, NOON, List.of(new Round(9, 9)),
                List.of(new ToolCall(plugin, "crm", "echo", 1, "ok")), 1));

        // Keyed by organisation: one partition, so the redelivery is added (or not) before the second.
        TopicWriter.send(Topics.USAGE_RECORDED, org, first);
        TopicWriter.send(Topics.USAGE_RECORDED, org, first);
        TopicWriter.send(Topics.USAGE_RECORDED, org, second);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getList("plugins[0].tools.tool")).contains("lookup"));

        JsonPath usage = usage(org, ON_DAY);
        assertThat(usage.getInt("totals.requests")).isEqualTo(2);
        assertThat(usage.getInt("totals.toolCalls")).isEqualTo(4);
        assertThat(usage.getInt("totals.toolErrors")).isEqualTo(2);
        assertThat(usage.getList("plugins")).hasSize(1);
        assertThat(usage.getString("plugins[0].integrationId")).isEqualTo(plugin.toString());
        assertThat(usage.getString("plugins[0].slug")).isEqualTo("crm");
        assertThat(usage.getString("plugins[0].displayName")).isEqualTo("Plugin crm");
        assertThat(usage.getInt("plugins[0].calls")).isEqualTo(4);
        assertThat(usage.getInt("plugins[0].errors")).isEqualTo(2);
        // Buckets <=5: 1, <=10: 1, <=250: 1, <=1000: 1. p50 = rank 2 (<=10), p95 = rank 4 (<=1000, capped at the max 700).
        assertThat(usage.getDouble("plugins[0].p50Ms")).isEqualTo(10.0);
        assertThat(usage.getDouble("plugins[0].p95Ms")).isEqualTo(700.0);
        assertThat(usage.getString("plugins[0].tools[0].tool")).isEqualTo("echo");
        assertThat(usage.getInt("plugins[0].tools[0].calls")).isEqualTo(3);
        assertThat(usage.getInt("plugins[0].tools[0].errors")).isEqualTo(1);
        assertThat(usage.getDouble("plugins[0].tools[0].p50Ms")).isEqualTo(10.0);
        assertThat(usage.getDouble("plugins[0].tools[0].p95Ms")).isEqualTo(120.0);
        assertThat(usage.getInt("plugins[0].tools[1].calls")).isEqualTo(1);

        assertThat(usage.getList("models")).hasSize(1);
        assertThat(usage.getString("models[0].surface.kind")).isEqualTo("api_key");
        assertThat(usage.getString("models[0].surface.name")).isEqualTo("sdk-client");
        assertThat(usage.getString("models[0].model")).isEqualTo("gpt-4o-mini");
        assertThat(usage.getInt("models[0].requests")).isEqualTo(2);
        assertThat(usage.getInt("models[0].rounds")).isEqualTo(3);
        assertThat(usage.getInt("models[0].promptTokens")).isEqualTo(330);
        assertThat(usage.getInt("models[0].completionTokens")).isEqualTo(32);
        assertThat(usage.getDouble("models[0].gatewayMs")).isEqualTo(20.0);
        assertThat(usage.getDouble("models[0].averageGatewayMs")).isEqualTo(10.0);
        assertThat(usage.getList("days")).hasSize(1);
        assertThat(usage.getInt("days[0].toolCalls")).isEqualTo(4);

        // One row each, and the event ids kept for redeliveries.
        assertThat(TestDatabase.query("select calls from usage_tool_daily where organization_id = ?::uuid and tool = 'echo'", org))
                .singleElement().satisfies(row -> assertThat(((Number) row.get("calls")).intValue()).isEqualTo(3));
        assertThat(TestDatabase.query("select count(*) as n from usage_recorded_events where event_id = ?::uuid",
                first.eventId().toString()).get(0).get("n")).isEqualTo(1L);

        // The other organisation sees its own record only; a viewer may read.
        JsonPath theirs = usage(other, ON_DAY);
        assertThat(theirs.getInt("totals.requests")).isEqualTo(1);
        assertThat(theirs.getInt("totals.toolCalls")).isEqualTo(1);
        assertThat(theirs.getString("plugins[0].displayName")).as("another organisation's plugin is not named").isNull();
        assertThat(theirs.getString("models[0].surface.kind")).as("another organisation's key is not named").isEqualTo("unknown");
        asViewer(org).get("/organizations/{org}/usage" + ON_DAY, org).then().statusCode(200)
                .body("totals.requests", equalTo(2));
        given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org).get("/organizations/{org}/usage", other)
                .then().statusCode(403);
    }

    @Test
    void madeUpModelNamesAddBoundedRowsAndABoundedAnswer() {
        String org = newOrg();
        UUID key = UUID.fromString(asAdmin(org).body("{\"name\":\"wildcard\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id"));
        // 30 requests the provider never answered, each naming a model of its own: one row for all.
        for (int i = 0; i < 30; i++) {
            TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "made-up-" + i, UsageRecordedEvent.STATUS_UPSTREAM_ERROR,
                    List.of()));
        }
        // 55 answered models, model-i asked i + 1 times: more than the 50 rows an answer lists.
        int answered = 0;
        for (int i = 0; i < 55; i++) {
            for (int n = 0; n <= i % 3; n++) {
                TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "model-" + i, UsageRecordedEvent.STATUS_OK,
                        List.of(new Round(10, 1))));
                answered++;
            }
        }
        int requests = 30 + answered;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getInt("totals.requests")).isEqualTo(requests));

        assertThat(TestDatabase.query("select model from usage_model_daily where organization_id = ?::uuid and failed > 0", org))
                .singleElement().satisfies(row -> assertThat(row.get("model")).isEqualTo(UsageRecordedEvent.MODEL_UNANSWERED));
        JsonPath usage = usage(org, ON_DAY);
        assertThat(usage.getList("models")).hasSize(50);
        assertThat(usage.getString("models[0].model")).as("most requests first").isEqualTo(UsageRecordedEvent.MODEL_UNANSWERED);
        assertThat(usage.getInt("models[0].requests")).isEqualTo(30);
        assertThat(usage.getInt("models[0].failed")).isEqualTo(30);
        assertThat(usage.getInt("otherModels.combinations")).isEqualTo(6);
        List<Integer> listed = usage.getList("models.requests", Integer.class);
        assertThat(listed.stream().mapToInt(Integer::intValue).sum() + usage.getInt("otherModels.requests"))
                .as("the rows left out are summed, not lost").isEqualTo(requests);
        assertThat(usage.getInt("totals.failedRequests")).isEqualTo(30);
        assertThat(usage.getInt("totals.promptTokens")).isEqualTo(10 * answered);
        assertThat(asAdmin(org).get("/ui/orgs/{org}/usage" + ON_DAY, org).then().statusCode(200)
                .extract().asString()).contains("data-testid=\"usage-other-models\"").contains("6 other surfaces and models")
                .doesNotContain("made-up-");
    }

    @Test
    void anAnsweredRequestWithoutRoundsCountsAsWithoutTokenFigures() {
        String org = newOrg();
        UUID key = UUID.fromString(asAdmin(org).body("{\"name\":\"piped\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id"));
        // A piped stream without a usage chunk, and one with it.
        TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "gpt-4o-mini", UsageRecordedEvent.STATUS_OK, List.of()));
        TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "gpt-4o-mini", UsageRecordedEvent.STATUS_OK,
                List.of(new Round(40, 4))));
        // A loop whose second round came without usage figures: its tokens are not all known either.
        TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "gpt-4o-mini", UsageRecordedEvent.STATUS_OK,
                List.of(new Round(40, 4), Round.UNKNOWN)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getInt("totals.requests")).isEqualTo(3));

        JsonPath usage = usage(org, ON_DAY);
        assertThat(usage.getInt("totals.unmeteredRequests")).isEqualTo(2);
        assertThat(usage.getInt("totals.promptTokens")).as("the unknown round adds nothing").isEqualTo(80);
        assertThat(usage.getInt("models[0].unmeteredRequests")).isEqualTo(2);
        assertThat(usage.getInt("models[0].failed")).isZero();
        assertThat(asAdmin(org).get("/ui/orgs/{org}/usage" + ON_DAY, org).then().statusCode(200)
                .extract().asString()).contains("2 without token figures");
    }

    @Test
    void aRecordOlderThanTheDedupeRetentionIsSkipped() {
        String org = newOrg();
        UUID key = UUID.randomUUID();
        // Older than the dedupe retention (7 days): its id may be forgotten, a replay would count it twice.
        Instant old = Instant.now().minus(Duration.ofDays(8));
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, old, List.of(new Round(5, 5)), List.of(), 1));
        // Same key, same partition: once this one is added, the old one was read before it.
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, NOON, List.of(new Round(1, 1)), List.of(), 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getInt("totals.requests")).isEqualTo(1));
        assertThat(TestDatabase.query("select day from usage_model_daily where organization_id = ?::uuid", org))
                .as("only the recent record").hasSize(1);
    }

    @Test
    void absurdFiguresAreCountedWithinBoundsAndTheOrganisationsUsageStaysReadable() {
        String org = newOrg();
        UUID plugin = UUID.fromString(install(org, "crm"));
        UUID key = UUID.randomUUID();
        // What a broken provider or a forged record could carry: Long.MAX_VALUE tokens twice, a time of 1e308 ms, a negative latency.
        Round huge = new Round(Long.MAX_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            TopicWriter.send(Topics.USAGE_RECORDED, org, new UsageRecordedEvent(UsageRecordedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                    NOON.minus(Duration.ofDays(i % 2)), UUID.fromString(org), key, UsageRecordedEvent.API_CHAT_COMPLETIONS,
                    "gpt-4o-mini", false, "ok", List.of(huge, huge), List.of(new ToolCall(plugin, "crm", "echo", 1e308, "ok"),
                            new ToolCall(plugin, "crm", "echo", -5, "ok")), 1e308, 1e308, 1e308, 1e308));
        }
        String twoDays = "?from=" + DAY.minusDays(1) + "&to=" + DAY;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, twoDays).getInt("totals.requests")).isEqualTo(3));

        JsonPath usage = usage(org, twoDays);
        long perRecord = 2 * 100_000_000L; // two rounds, each counted at most 10^8 tokens
        assertThat(usage.getLong("totals.promptTokens")).isEqualTo(3 * perRecord);
        assertThat(usage.getLong("totals.completionTokens")).isEqualTo(3 * perRecord);
        assertThat(usage.getDouble("plugins[0].tools[0].p95Ms")).as("a latency counts at most a day").isEqualTo(86_400_000.0);
        assertThat(usage.getDouble("models[0].gatewayMs")).isEqualTo(3 * 86_400_000.0);
        asAdmin(org).get("/ui/orgs/{org}/usage" + twoDays, org).then().statusCode(200);
    }

    @Test
    void aRecordDatedInTheFutureIsSkipped() {
        String org = newOrg();
        UUID key = UUID.randomUUID();
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, Instant.now().plus(Duration.ofDays(1)), List.of(new Round(5, 5)), List.of(), 1));
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, Instant.parse("+999999999-12-31T23:59:59Z"), List.of(), List.of(), 1));
        // Same key, same partition: once this one is added, the others were read before it.
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, NOON, List.of(new Round(1, 1)), List.of(), 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY).getInt("totals.requests")).isEqualTo(1));
        assertThat(TestDatabase.query("select day from usage_model_daily where organization_id = ?::uuid", org))
                .as("only the record of a day that has come").hasSize(1);
    }

    @Test
    void modelsBeyondTheRowsADayKeepsCountUnderOtherModels() {
        String org = newOrg();
        UUID key = UUID.randomUUID();
        // The test profile keeps 100 surface-and-model rows per organisation and day; 103 models, then the first again.
        for (int i = 0; i < 103; i++) {
            TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "model-" + i, UsageRecordedEvent.STATUS_OK, List.of(new Round(1, 1))));
        }
        TopicWriter.send(Topics.USAGE_RECORDED, org, withModel(org, key, "model-0", UsageRecordedEvent.STATUS_OK, List.of(new Round(1, 1))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(usage(org, ON_DAY).getInt("totals.requests")).isEqualTo(104));

        assertThat(TestDatabase.query("select count(*) as n from usage_model_daily where organization_id = ?::uuid", org).get(0).get("n"))
                .as("100 models and one row for the rest").isEqualTo(101L);
        assertThat(TestDatabase.query("select requests from usage_model_daily where organization_id = ?::uuid and model = ?", org,
                UsageAggregation.MODEL_OTHER)).singleElement().satisfies(row -> assertThat(row.get("requests")).isEqualTo(3L));
        assertThat(TestDatabase.query("select requests from usage_model_daily where organization_id = ?::uuid and model = 'model-0'", org))
                .as("a model with a row keeps counting there").singleElement().satisfies(row -> assertThat(row.get("requests")).isEqualTo(2L));
    }

    @Test
    void callsRefusedBeforeTheServerCountButHaveNoLatency() {
        String org = newOrg();
        UUID plugin = UUID.fromString(install(org, "crm"));
        UUID key = UUID.fromString(asAdmin(org).body("{\"name\":\"k\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id"));
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, NOON, List.of(new Round(1, 1)), List.of(
                new ToolCall(plugin, "crm", "echo", 0.1, UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS),
                new ToolCall(plugin, "crm", "echo", 0.1, UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS),
                new ToolCall(plugin, "crm", "echo", 0.2, UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS),
                new ToolCall(plugin, "crm", "echo", 700, UsageRecordedEvent.OUTCOME_OK),
                new ToolCall(plugin, "crm", "never_sent", 0.1, UsageRecordedEvent.OUTCOME_BAD_ARGUMENTS)), 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getInt("totals.toolCalls")).isEqualTo(5));

        JsonPath usage = usage(org, ON_DAY);
        assertThat(usage.getInt("plugins[0].tools[0].calls")).isEqualTo(4);
        assertThat(usage.getInt("plugins[0].tools[0].errors")).isEqualTo(3);
        assertThat(usage.getDouble("plugins[0].tools[0].p50Ms")).as("only the call that reached the server").isEqualTo(700.0);
        assertThat(usage.getString("plugins[0].tools[1].tool")).isEqualTo("never_sent");
        assertThat(usage.getObject("plugins[0].tools[1].p50Ms", Double.class)).isNull();
    }

    @Test
    void aWhatsAppAppsOwnKeyIsShownAsTheApp() {
        String org = newOrg();
        String phone = Long.toString(100000000000L + (long) (Math.random() * 1e11));
        var app = asAdmin(org).body("""
                {"phoneNumberId":"%s","displayName":"Support line","accessToken":"EAAG-access-token",
                 "appSecret":"app-secret-value","verifyToken":"verify-token-value","model":"gpt-4o-mini",
                 "systemPrompt":"You help customers.","mcpPluginIds":[]}""".formatted(phone))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().jsonPath();
        UUID key = UUID.fromString(app.getString("gatewayApiKeyId"));
        TopicWriter.send(Topics.USAGE_RECORDED, org, record(org, key, NOON, List.of(new Round(10, 2)), List.of(), 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usage(org, ON_DAY)
                .getInt("totals.requests")).isEqualTo(1));

        JsonPath usage = usage(org, ON_DAY);
        assertThat(usage.getString("models[0].surface.kind")).isEqualTo("whatsapp_app");
        assertThat(usage.getString("models[0].surface.id")).isEqualTo(app.getString("id"));
        assertThat(usage.getString("models[0].surface.name")).isEqualTo("Support line");
        assertThat(usage.getList("plugins")).isEmpty();
    }

    @Test
    void theDefaultRangeIsTheLastSevenUtcDaysWithEveryDayListed() {
        String org = newOrg();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonPath usage = usage(org, "");
        assertThat(usage.getString("from")).isEqualTo(today.minusDays(6).toString());
        assertThat(usage.getString("to")).isEqualTo(today.toString());
        assertThat(usage.getList("days")).hasSize(7);
        assertThat(usage.getList("plugins")).isEmpty();
        assertThat(usage.getInt("totals.requests")).isZero();
    }

    @Test
    void aBadRangeIsRefusedNamingItsField() {
        String org = newOrg();
        refused(org, "?from=2026-13-01", "from");
        refused(org, "?from=2026-02-30", "from");
        refused(org, "?to=yesterday", "to");
        refused(org, "?to=", "to");
        refused(org, "?from=+2026-01-01", "from");
        refused(org, "?from=2026-11-21&to=2026-11-20", "from");
        refused(org, "?from=2026-01-01&to=2026-12-01", "from");
        refused(org, "?from=2026-11-01&from=2026-11-02", "from");
        // 92 days, both ends included, is the longest range.
        asAdmin(org).get("/organizations/{org}/usage?from=2026-09-01&to=2026-12-01", org).then().statusCode(200);
    }

    @Test
    void percentilesAreTheUpperBoundOfTheirBucketCappedAtTheSlowestCall() {
        long[] counts = new long[UsageLatencyBuckets.SIZE];
        assertThat(UsageLatencyBuckets.percentile(counts, 0.5, 0)).isNull();
        counts[UsageLatencyBuckets.indexOf(40)] += 9; // <= 50
        counts[UsageLatencyBuckets.indexOf(4000)] += 1; // <= 5000
        assertThat(UsageLatencyBuckets.percentile(counts, 0.5, 4000)).isEqualTo(50.0);
        assertThat(UsageLatencyBuckets.percentile(counts, 0.95, 4000)).isEqualTo(4000.0);
        assertThat(UsageLatencyBuckets.indexOf(5)).isZero();
        assertThat(UsageLatencyBuckets.indexOf(5.01)).isEqualTo(1);
        assertThat(UsageLatencyBuckets.indexOf(120_000)).isEqualTo(UsageLatencyBuckets.SIZE - 1);
        assertThat(UsageLatencyBuckets.percentile(new long[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }, 0.5, 90_000))
                .as("the open bucket reports the slowest call").isEqualTo(90_000.0);
    }

    @Test
    void theChartSaysItsFiguresInWordsAndDrawsErrorsApart() {
        String svg = UsageChart.svg(List.of(new UsageView.DayUsage(DAY, 3, 10, 2, 0, 0),
                new UsageView.DayUsage(DAY.plusDays(1), 0, 0, 0, 0, 0))).toString();
        assertThat(svg).startsWith("<svg").contains("role=\"img\"").contains("<title id=\"usage-chart-title\">")
                .contains("10 tool calls").contains("2 of them errors").contains("fill=\"#c81e1e\"")
                .contains(DAY + ": 10 calls, 2 errors");
    }

    @Test
    void aChartWithOneCallAtMostLabelsItsAxisOnce() {
        String svg = UsageChart.svg(List.of(new UsageView.DayUsage(DAY, 1, 1, 0, 0, 0))).toString();
        assertThat(svg.split(">0</text>", -1)).as("one 0 label").hasSize(2);
        assertThat(svg).contains(">1</text>");
    }

    @Test
    void aDefaultRangeOutsideOneToTheLongestIsRefusedAtStartup() {
        UsageService.checkRangeDays(7, 92);
        UsageService.checkRangeDays(92, 92);
        assertThatThrownBy(() -> UsageService.checkRangeDays(0, 92)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("default-range-days");
        assertThatThrownBy(() -> UsageService.checkRangeDays(93, 92)).isInstanceOf(IllegalStateException.class);
    }

    private static void refused(String org, String query, String field) {
        asAdmin(org).get("/organizations/{org}/usage" + query, org).then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.field", equalTo(field));
    }

    private static JsonPath usage(String org, String query) {
        return asAdmin(org).get("/organizations/{org}/usage" + query, org).then().statusCode(200).extract().jsonPath();
    }

    private static UsageRecordedEvent withModel(String org, UUID key, String model, String status, List<Round> rounds) {
        return new UsageRecordedEvent(UsageRecordedEvent.SCHEMA_VERSION, UUID.randomUUID(), NOON, UUID.fromString(org), key,
                UsageRecordedEvent.API_CHAT_COMPLETIONS, model, false, status, rounds, List.of(), 900, 800, 0, 100);
    }

    private static UsageRecordedEvent record(String org, UUID key, Instant at, List<Round> rounds, List<ToolCall> calls,
            double gatewayMs) {
        return new UsageRecordedEvent(UsageRecordedEvent.SCHEMA_VERSION, UUID.randomUUID(), at, UUID.fromString(org), key,
                UsageRecordedEvent.API_CHAT_COMPLETIONS, "gpt-4o-mini", false, "ok", rounds, calls, 900, 800, 80, gatewayMs);
    }
}
