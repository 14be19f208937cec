package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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

import ai.crafted.events.Topics;
import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicWriter;

/** The Usage page: the range form, the chart with its words and table, plugins and tokens, empty states. */
@QuarkusTest
class UiUsagePageTest {

    private final String org = newOrg();

    @Test
    void thePageShowsTheChartThePluginsAndTheTokensOfTheRange() {
        UUID plugin = UUID.fromString(install(org, "crm"));
        String keyId = asAdmin(org).body("{\"name\":\"sdk-client\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id");
        Instant now = Instant.now();
        TopicWriter.send(Topics.USAGE_RECORDED, org, new UsageRecordedEvent(UsageRecordedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                now, UUID.fromString(org), UUID.fromString(keyId), UsageRecordedEvent.API_RESPONSES, "gpt-<b>4o</b>", true, "ok",
                List.of(new UsageRecordedEvent.Round(120, 30)),
                List.of(new UsageRecordedEvent.ToolCall(plugin, "crm", "lookup_customer", 42, "ok"),
                        new UsageRecordedEvent.ToolCall(plugin, "crm", "ping", 0, "ok")), 500, 400, 60, 40));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org).get("/organizations/{org}/usage", org)
                .then().body("totals.requests", equalTo(1)));

        // Viewers read it too: it holds counts and names, no secrets.
        String page = given().auth().oauth2(DevTokens.viewer(org)).get("/ui/orgs/{org}/usage", org).then().statusCode(200)
                .extract().asString();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        assertThat(page).contains("aria-current=\"page\">Usage</a>")
                .contains("id=\"usage-from\" name=\"from\" type=\"date\" value=\"" + today.minusDays(6) + "\"")
                .contains("data-testid=\"usage-chart\"").contains("<desc id=\"usage-chart-desc\">")
                .contains(today + ": 2 calls, 0 errors")
                .contains("<a href=\"/ui/orgs/" + org + "/plugins/" + plugin + "\">Plugin crm</a>")
                .contains("<code>lookup_customer</code>").contains("≤ 42.0 ms")
                .as("a 0 ms percentile is a figure, not a missing one").contains("≤ 0.0 ms")
                .contains("API key sdk-client").contains("<code>gpt-&lt;b&gt;4o&lt;/b&gt;</code>")
                .contains("<td data-label=\"Prompt tokens\">120</td>").contains("40.0 ms")
                .as("one request, in the singular").contains("<span data-testid=\"usage-requests\">1</span> chat request,")
                .contains("tool calls (0 errors)")
                .doesNotContain("data-testid=\"usage-plugins-empty\"");
    }

    @Test
    void anEmptyRangeSaysSoAndABadRangeSaysWhyAndShowsTheDefault() {
        String admin = DevTokens.admin(org);
        String empty = given().auth().oauth2(admin).get("/ui/orgs/{org}/usage?from=2026-01-01&to=2026-01-31", org)
                .then().statusCode(200).extract().asString();
        assertThat(empty).contains("data-testid=\"usage-plugins-empty\"").contains("data-testid=\"usage-models-empty\"")
                .contains("From <strong>2026-01-01</strong> to <strong>2026-01-31</strong>");

        String refused = given().auth().oauth2(admin).get("/ui/orgs/{org}/usage?from=2026-02-01&to=2026-01-01", org)
                .then().statusCode(200).extract().asString();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(refused).contains("data-testid=\"usage-range-error\"").contains("must not be after to")
                .contains("value=\"2026-02-01\"").contains("aria-invalid=\"true\"")
                .contains("to <strong>" + today + "</strong>").contains("Showing the last 7 days instead");

        // A repeated field is refused like a bad value: the reason above the default range, not an error page.
        String repeated = given().auth().oauth2(admin).get("/ui/orgs/{org}/usage?from=2026-02-01&from=2026-02-02", org)
                .then().statusCode(200).extract().asString();
        assertThat(repeated).contains("data-testid=\"usage-range-error\"").contains("from must be given once")
                .contains("to <strong>" + today + "</strong>");
    }
}
