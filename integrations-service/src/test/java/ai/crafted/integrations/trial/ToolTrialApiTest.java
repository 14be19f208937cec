package ai.crafted.integrations.trial;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.installWithCatalog;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

import ai.crafted.events.EventJson;
import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.ToolTrialRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.postgres.TestDatabase;
import ai.crafted.testsupport.providers.AwkwardTools;

/**
 * "Try tool" over the API: the trial is recorded, asked of the gateway on the broker (the
 * gateway's part is played here), and answered with the gateway's outcome; what is not a tool of
 * the plugin, or not one JSON object of arguments, is refused before anything is asked.
 */
@QuarkusTest
class ToolTrialApiTest {

    @Inject
    ToolTrialService trials;

    private static final String LOOKUP = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"]}";

    @Test
    void aTrialIsAskedOfTheGatewayAndAnsweredWithItsOutcome() {
        String org = newOrg();
        String crm = installWithCatalog(org, "crm", null, List.of(AwkwardTools.tool("lookup", LOOKUP)));
        try (TopicReader requests = new TopicReader(Topics.TOOL_TRIAL_REQUESTED)) {
            // The gateway's part: read the request, answer it.
            CompletableFuture<ToolTrialRequestedEvent> gateway = CompletableFuture.supplyAsync(() -> {
                ToolTrialRequestedEvent request = EventJson.read(requests.awaitForKey(crm, 1, Duration.ofSeconds(30)).get(0)
                        .value(), ToolTrialRequestedEvent.class);
                TopicWriter.send(Topics.TOOL_TRIAL_COMPLETED, request.trialId().toString(), completed(request.organizationId(),
                        request.trialId(), "ok", "customer 42: Ada"));
                return request;
            });

            JsonPath trial = asAdmin(org).body("{\"toolName\":\"lookup\",\"arguments\":{\"id\":\"42\"}}")
                    .post("/organizations/{org}/integrations/{id}/tool-trials", org, crm).then().statusCode(201)
                    .header("Location", endsWith("/integrations/" + crm + "/tool-trials/" + trialIdOf(gateway)))
                    .body("status", equalTo("ok")).body("result", equalTo("customer 42: Ada"))
                    .body("durationMs", equalTo(12)).body("requestedBy", equalTo("admin@" + org))
                    .body("arguments.id", equalTo("42")).extract().jsonPath();

            ToolTrialRequestedEvent request = gateway.join();
            assertThat(request.organizationId()).hasToString(org);
            assertThat(request.toolName()).isEqualTo("lookup");
            assertThat(request.arguments()).isEqualTo("{\"id\":\"42\"}");
            assertThat(request.expiresAt()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(3)));
            String id = trial.getString("id");
            asAdmin(org).get("/organizations/{org}/integrations/{id}/tool-trials/{trial}", org, crm, id).then()
                    .statusCode(200).body("status", equalTo("ok"));
            asAdmin(org).get("/organizations/{org}/integrations/{id}/tool-trials?toolName=lookup", org, crm).then()
                    .statusCode(200).body("", hasSize(1)).body("[0].id", equalTo(id));
            // What tools answered is for admins, as in the UI.
            asViewer(org).get("/organizations/{org}/integrations/{id}/tool-trials/{trial}", org, crm, id).then().statusCode(403);
            asViewer(org).get("/organizations/{org}/integrations/{id}/tool-trials", org, crm).then().statusCode(403);
        }
    }

    @Test
    void onlyTheFirstAnswerOfTheTrialsOwnOrganisationIsKept() {
        String org = newOrg();
        String location = pendingTrial(org, "{\"toolName\":\"lookup\",\"arguments\":{\"id\":\"1\"}}");
        UUID trial = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        complete(completed(UUID.randomUUID(), trial, "error", "forged by another organisation"));
        assertThat(status(trial)).isEqualTo("pending");
        complete(completed(UUID.fromString(org), trial, "ok", "first\u0000answer"));
        complete(completed(UUID.fromString(org), trial, "error", "a late second answer"));
        asAdmin(org).get(location).then().statusCode(200).body("status", equalTo("ok"))
                .body("result", equalTo("first\uFFFDanswer"));
    }

    @Test
    void aTrialNoAnswerCanReachAnyMoreSaysSo() {
        String org = newOrg();
        String location = pendingTrial(org, "{\"toolName\":\"lookup\"}");
        String id = location.substring(location.lastIndexOf('/') + 1);
        // As if it had been asked for ten minutes ago and no gateway answered.
        TestDatabase.update("update tool_trials set requested_at = requested_at - interval '10 minutes',"
                + " expires_at = expires_at - interval '10 minutes' where id = ?::uuid", id);
        asAdmin(org).get(location).then().statusCode(200).body("status", equalTo("unanswered"))
                .body("result", containsString("did not answer"));
    }

    /**
     * A trial of a plugin with a 500 ms timeout that nobody answers: its POST answers 202 (pending)
     * after the short wait; returns its Location.
     */
    private static String pendingTrial(String org, String body) {
        String plugin = installWithCatalog(org, "crm", 500, List.of(AwkwardTools.tool("lookup", LOOKUP)));
        return asAdmin(org).body(body).post("/organizations/{org}/integrations/{id}/tool-trials", org, plugin).then()
                .statusCode(202).extract().header("Location");
    }

    private void complete(ToolTrialCompletedEvent answer) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> trials.complete(answer)));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static String status(UUID trial) {
        return String.valueOf(TestDatabase.query("select status from tool_trials where id = ?::uuid", trial.toString())
                .get(0).get("status"));
    }

    @Test
    void aTrialTheGatewayHasNotAnsweredInTimeIsPendingAndShowsItsOutcomeLater() {
        String org = newOrg();
        String slow = installWithCatalog(org, "slow", 500, List.of(AwkwardTools.tool("lookup", LOOKUP)));
        String location = asAdmin(org).body("{\"toolName\":\"lookup\",\"arguments\":{\"id\":\"7\"}}")
                .post("/organizations/{org}/integrations/{id}/tool-trials", org, slow).then().statusCode(202)
                .body("status", equalTo("pending")).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        TopicWriter.send(Topics.TOOL_TRIAL_COMPLETED, id, completed(UUID.fromString(org), UUID.fromString(id), "tool_error",
                "Error from tool lookup: no customer 7"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "tool_error".equals(asAdmin(org)
                .get(location).then().statusCode(200).extract().path("status")));
    }

    @Test
    void whatIsNoToolOfThePluginOrNoArgumentsObjectIsRefusedBeforeAnythingIsAsked() {
        String org = newOrg();
        String crm = installWithCatalog(org, "crm", null, List.of(AwkwardTools.tool("lookup", LOOKUP)));
        String empty = install(org, "empty");
        String path = "/organizations/{org}/integrations/{id}/tool-trials";

        asAdmin(org).body("{\"toolName\":\"delete_everything\"}").post(path, org, crm).then().statusCode(400)
                .body("error.field", equalTo("toolName")).body("error.message", containsString("not a tool of this plugin"));
        asAdmin(org).body("{\"toolName\":\"lookup\"}").post(path, org, empty).then().statusCode(400)
                .body("error.message", containsString("no tools yet"));
        for (String arguments : List.of("[1]", "\"id=42\"", "42", "{\"id\":\"" + "x".repeat(70_000) + "\"}")) {
            asAdmin(org).body("{\"toolName\":\"lookup\",\"arguments\":" + arguments + "}").post(path, org, crm).then()
                    .statusCode(400).body("error.field", equalTo("arguments"));
        }
        asAdmin(org).body("{\"arguments\":{}}").post(path, org, crm).then().statusCode(400).body("error.field", equalTo("toolName"));
        asViewer(org).body("{\"toolName\":\"lookup\"}").post(path, org, crm).then().statusCode(403);
        String other = newOrg();
        asAdmin(other).body("{\"toolName\":\"lookup\"}").post(path, other, crm).then().statusCode(404);
        asAdmin(other).get(path, other, crm).then().statusCode(404);
        asAdmin(org).get(path + "/{trial}", org, crm, UUID.randomUUID()).then().statusCode(404);
        asAdmin(org).get(path, org, crm).then().statusCode(200).body("", hasSize(0));
    }

    private static String trialIdOf(CompletableFuture<ToolTrialRequestedEvent> gateway) {
        return gateway.join().trialId().toString();
    }

    private static ToolTrialCompletedEvent completed(UUID org, UUID trial, String outcome, String result) {
        return new ToolTrialCompletedEvent(ToolTrialCompletedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), org, trial,
                outcome, result, 12);
    }
}
