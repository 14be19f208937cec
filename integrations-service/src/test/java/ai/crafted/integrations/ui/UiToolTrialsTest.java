package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.installWithCatalog;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ui.UiRequests.csrfOf;
import static ai.crafted.integrations.ui.UiRequests.ui;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.crafted.events.EventJson;
import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.ToolTrialRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.providers.AwkwardTools;

/**
 * "Try tool" pages: a form made from the input schema, fields read back into one arguments
 * object (bad ones named, nothing called), the call answered on a page the POST redirects to,
 * and admins only. The gateway's part is played on the broker.
 */
@QuarkusTest
class UiToolTrialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"object","required":["id"],"properties":{
              "id":{"type":"string","description":"The customer id"},
              "limit":{"type":"integer"},
              "ratio":{"type":["number","null"]},
              "verbose":{"type":"boolean"},
              "mode":{"enum":["brief","full"]},
              "filter":{"type":"object"}}}""";

    private final String org = newOrg();
    private final String admin = DevTokens.admin(org);
    private String plugin;

    @BeforeEach
    void aPluginWithOneTool() {
        plugin = installWithCatalog(org, "crm", null, List.of(AwkwardTools.tool("lookup", SCHEMA)));
    }

    @Test
    void theFormFollowsTheSchemaAndItsFieldsBecomeOneArgumentsObject() throws Exception {
        String page = ui(admin).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(200)
                .body(containsString("crm__lookup")).extract().asString();
        assertThat(page).contains("name=\"arg:id\"", "The customer id", "(required)", "name=\"arg:limit\" inputmode=\"numeric\"",
                "name=\"arg:ratio\" inputmode=\"decimal\"", "<textarea id=\"arg-5\" name=\"arg:filter\"",
                "<option value=\"true\">true</option>", "<option value=\"&quot;brief&quot;\">brief</option>");
        ui(admin).get("/ui/orgs/{org}/plugins/{id}", org, plugin).then().statusCode(200)
                .body(containsString("/plugins/" + plugin + "/try?tool=lookup"));
        String csrf = csrfOf(page);

        String refused = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("arg:id", "42")
                .formParam("arg:limit", "five").formParam("arg:ratio", "0,5").formParam("arg:mode", "\"sideways\"")
                .formParam("arg:filter", "{not json")
                .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(200)
                .body(containsString("Not called.")).extract().asString();
        assertThat(refused).contains("must be a whole number", "must be a number", "pick one of the listed values",
                "must be JSON").contains("value=\"five\"");
        asAdmin(org).get("/organizations/{org}/integrations/{id}/tool-trials", org, plugin).then().body("", hasSize(0));

        try (TopicReader requests = new TopicReader(Topics.TOOL_TRIAL_REQUESTED)) {
            CompletableFuture<ToolTrialRequestedEvent> gateway = answerNext(requests, plugin, "ok", "customer 42: Ada Lovelace");
            String location = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("arg:id", "42")
                    .formParam("arg:limit", "5").formParam("arg:ratio", "").formParam("arg:verbose", "true")
                    .formParam("arg:mode", "\"full\"").formParam("arg:filter", "{\"region\": \"EU\"}")
                    .formParam("argumentsJson", "")
                    .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(303)
                    .extract().header("Location");
            ToolTrialRequestedEvent sent = gateway.join();
            assertThat(JSON.readTree(sent.arguments())).isEqualTo(JSON.readTree(
                    "{\"id\":\"42\",\"limit\":5,\"verbose\":true,\"mode\":\"full\",\"filter\":{\"region\":\"EU\"}}"));
            assertThat(location).contains("/try?tool=lookup&trial=" + sent.trialId());

            String outcome = ui(admin).get(location).then().statusCode(200).extract().asString();
            assertThat(outcome).contains("The tool answered", "customer 42: Ada Lovelace", "data-status=\"ok\"",
                    "admin@" + org, "data-testid=\"recent-trials\"").contains("value=\"42\"");
        }
    }

    @Test
    void aWholeJsonObjectReplacesTheFieldsAndMustBeOne() throws Exception {
        String csrf = csrfOf(ui(admin).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().extract().asString());
        ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("argumentsJson", "[\"42\"]")
                .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(200)
                .body(containsString("must be one JSON object"));
        try (TopicReader requests = new TopicReader(Topics.TOOL_TRIAL_REQUESTED)) {
            CompletableFuture<ToolTrialRequestedEvent> gateway = answerNext(requests, plugin, "tool_error", "Error from tool lookup: no 7");
            String location = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("arg:id", "ignored")
                    .formParam("argumentsJson", "{\"id\": \"7\", \"extra\": [1, 2]}")
                    .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(303)
                    .extract().header("Location");
            assertThat(JSON.readTree(gateway.join().arguments())).isEqualTo(JSON.readTree("{\"id\":\"7\",\"extra\":[1,2]}"));
            ui(admin).get(location).then().statusCode(200).body(containsString("The tool answered with an error"),
                    containsString("Error from tool lookup: no 7"));
        }
    }

    @Test
    void aSlowToolIsNoLateFormBodyAndItsArgumentsComeBackAsTyped() {
        String csrf = csrfOf(ui(admin).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().extract().asString());
        try (TopicReader requests = new TopicReader(Topics.TOOL_TRIAL_REQUESTED)) {
            // Longer than the test profile's body timeout (2 s): the form's body arrived long before (was a 408,
            // after which a browser sent the form again and the tool ran again).
            CompletableFuture<ToolTrialRequestedEvent> gateway = answerNext(requests, plugin, "ok", "slow but fine",
                    Duration.ofSeconds(3));
            String location = ui(admin).contentType(ContentType.URLENC).formParam("_csrf", csrf)
                    .formParam("argumentsJson", "{\"id\": \"42\", \"limit\": \"5\"}")
                    .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(303)
                    .extract().header("Location");
            gateway.join();
            String outcome = ui(admin).get(location).then().statusCode(200).extract().asString();
            assertThat(outcome).contains("slow but fine")
                    .as("a string sent for a number field is shown as typed, not as JSON text")
                    .contains("name=\"arg:limit\" inputmode=\"numeric\" value=\"5\"");
        }
    }

    @Test
    void onlyAdminsTryToolsAndOnlyToolsOfThePlugin() {
        String viewer = DevTokens.viewer(org);
        ui(viewer).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(403);
        ui(viewer).get("/ui/orgs/{org}/plugins/{id}", org, plugin).then().statusCode(200)
                .body(not(containsString("/try?tool=")));
        ui(viewer).contentType(ContentType.URLENC).formParam("arg:id", "1")
                .post("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", org, plugin).then().statusCode(403);
        ui(admin).get("/ui/orgs/{org}/plugins/{id}/try?tool=drop_tables", org, plugin).then().statusCode(404)
                .body(containsString("drop_tables"));
        String other = newOrg();
        ui(DevTokens.admin(other)).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup", other, plugin).then().statusCode(404);
        ui(admin).get("/ui/orgs/{org}/plugins/{id}/try?tool=lookup&trial={t}", org, plugin, UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void whatAnMcpServerOrAToolSaysIsShownAsTextNeverAsMarkup() throws Exception {
        String hostile = installWithCatalog(org, "hostile", null, List.of(AwkwardTools.tool("<b>bold</b>", """
                {"type":"object","properties":{"<img src=x onerror=alert(1)>":{"type":"string",
                 "description":"<script>alert(1)</script>"}}}""")));
        String path = "/ui/orgs/{org}/plugins/{id}/try";
        String page = ui(admin).queryParam("tool", "<b>bold</b>").get(path, org, hostile).then().statusCode(200)
                .extract().asString();
        assertThat(page).doesNotContain("<script>alert(1)", "<img src=x", "<b>bold</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;");
        try (TopicReader requests = new TopicReader(Topics.TOOL_TRIAL_REQUESTED)) {
            CompletableFuture<ToolTrialRequestedEvent> gateway = answerNext(requests, hostile, "ok",
                    "<script>alert(2)</script>");
            String location = ui(admin).queryParam("tool", "<b>bold</b>").contentType(ContentType.URLENC)
                    .formParam("_csrf", csrfOf(page)).formParam("argumentsJson", "{}").post(path, org, hostile).then()
                    .statusCode(303).extract().header("Location");
            gateway.join();
            assertThat(ui(admin).urlEncodingEnabled(false).get(location).then().statusCode(200).extract().asString())
                    .doesNotContain("<script>alert(2)").contains("&lt;script&gt;alert(2)&lt;/script&gt;");
        }
    }

    /** The gateway's part: answers the plugin's first trial request with this outcome, and hands the request back. */
    private static CompletableFuture<ToolTrialRequestedEvent> answerNext(TopicReader requests, String plugin, String outcome,
            String result) {
        return answerNext(requests, plugin, outcome, result, Duration.ZERO);
    }

    /** The same, answering {@code after} the request was read (a slow tool). */
    private static CompletableFuture<ToolTrialRequestedEvent> answerNext(TopicReader requests, String plugin, String outcome,
            String result, Duration after) {
        return CompletableFuture.supplyAsync(() -> {
            ToolTrialRequestedEvent request = EventJson.read(requests.awaitForKey(plugin, 1, Duration.ofSeconds(30)).get(0).value(),
                    ToolTrialRequestedEvent.class);
            try {
                Thread.sleep(after.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TopicWriter.send(Topics.TOOL_TRIAL_COMPLETED, request.trialId().toString(), new ToolTrialCompletedEvent(
                    ToolTrialCompletedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), request.organizationId(),
                    request.trialId(), outcome, result, 8));
            return request;
        });
    }
}
