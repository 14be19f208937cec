package ai.crafted.integrations.integration;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.integrationJson;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.outboxEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.integrations.ControlPanelApi;

import ai.crafted.events.Topics;

@QuarkusTest
class IntegrationApiTest {

    private static final String MILLIS_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void installAnswers201WithTheSpecResponseShape() {
        String org = newOrg();
        asAdmin(org).body("""
                {"kind":"mcp","slug":"support-crm","displayName":"Support CRM",
                 "description":"Lookup customer records and support tickets.",
                 "config":{"endpoint":"https://mcp.example.com","transport":"streamable-http","timeoutMs":30000},
                 "credentialId":null}""")
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/organizations/" + org + "/integrations/[0-9a-f-]{36}"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("kind", equalTo("mcp"))
                .body("slug", equalTo("support-crm"))
                .body("displayName", equalTo("Support CRM"))
                .body("description", equalTo("Lookup customer records and support tickets."))
                .body("config.endpoint", equalTo("https://mcp.example.com"))
                .body("config.transport", equalTo("streamable-http"))
                .body("config.timeoutMs", equalTo(30000))
                .body("$", hasKey("credentialId")).body("credentialId", nullValue())
                .body("toolCatalog.size()", equalTo(0))
                .body("$", hasKey("catalogRefreshedAt"))
                .body("$", hasKey("lastRefreshError"))
                .body("$", hasKey("lastRefreshAttemptedAt"))
                .body("createdAt", matchesPattern(MILLIS_UTC))
                .body("updatedAt", matchesPattern(MILLIS_UTC));
    }

    @Test
    void transportDefaultsToStreamableHttpAndTimeoutIsOmittedWhenUnset() {
        String org = newOrg();
        asAdmin(org).body(integrationJson("defaults", "https://mcp.example.com"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201)
                .body("config.transport", equalTo("streamable-http"))
                .body("config", not(hasKey("timeoutMs")));
    }

    @Test
    void aToolResultLimitIsSetPerIntegrationChangedAndClearedWithoutTouchingTheCatalog() {
        String org = newOrg();
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"big-results","displayName":"Big results",
                 "config":{"endpoint":"https://mcp.example.com/big","toolResultMaxChars":131072}}""")
                .post("/organizations/{org}/integrations", org).then().statusCode(201)
                .body("config.toolResultMaxChars", equalTo(131072)).extract().path("id");
        asAdmin(org).body("{\"config\":{\"toolResultMaxChars\":1048576}}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                .body("config.toolResultMaxChars", equalTo(1048576))
                .body("config.endpoint", equalTo("https://mcp.example.com/big"));
        asAdmin(org).body("{\"config\":{\"toolResultMaxChars\":null}}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                .body("config", not(hasKey("toolResultMaxChars")));
    }

    @Test
    void getReturnsTheInstalledIntegration() {
        String org = newOrg();
        String id = install(org, "billing-tools");

        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("slug", equalTo("billing-tools"));
    }

    @Test
    void listIsPaginatedAndShowsToolCountAndRefreshState() {
        String org = newOrg();
        install(org, "a-one");
        install(org, "b-two");
        install(org, "c-three");

        asAdmin(org).queryParam("size", 2).get("/organizations/{org}/integrations", org)
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items.slug", equalTo(List.of("a-one", "b-two")))
                .body("items[0].toolCount", equalTo(0))
                .body("items[0]", hasKey("lastRefreshError"))
                .body("items[0]", not(hasKey("toolCatalog")));
        asAdmin(org).queryParam("size", 2).queryParam("page", 1).get("/organizations/{org}/integrations", org)
                .then().statusCode(200)
                .body("items.slug", equalTo(List.of("c-three")));
        asAdmin(org).queryParam("size", 0).get("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"));
    }

    @Test
    void listsAreSearchedByNameAndOrderedAsAsked() {
        String org = newOrg();
        install(org, "alpha-crm");
        install(org, "beta-billing");
        install(org, "gamma-crm");
        asAdmin(org).body("{\"displayName\":\"100% Ticket_desk\"}")
                .patch("/organizations/{org}/integrations/{id}", org, install(org, "delta")).then().statusCode(200);

        asAdmin(org).queryParam("q", "CRM").get("/organizations/{org}/integrations", org).then().statusCode(200)
                .body("total", equalTo(2)).body("items.slug", equalTo(List.of("alpha-crm", "gamma-crm")));
        asAdmin(org).queryParam("q", "crm").queryParam("sort", "-slug").get("/organizations/{org}/integrations", org)
                .then().body("items.slug", equalTo(List.of("gamma-crm", "alpha-crm")));
        asAdmin(org).queryParam("q", "crm").queryParam("size", 1).queryParam("page", 1)
                .get("/organizations/{org}/integrations", org)
                .then().body("total", equalTo(2)).body("items.slug", equalTo(List.of("gamma-crm")));
        // LIKE's wildcards are plain text: % and _ match only themselves.
        asAdmin(org).queryParam("q", "%").get("/organizations/{org}/integrations", org)
                .then().body("items.slug", equalTo(List.of("delta")));
        asAdmin(org).queryParam("q", "t_d").get("/organizations/{org}/integrations", org)
                .then().body("items.slug", equalTo(List.of("delta")));
        asAdmin(org).queryParam("q", "a_c").get("/organizations/{org}/integrations", org)
                .then().body("total", equalTo(0));
        asAdmin(org).queryParam("sort", "-created").get("/organizations/{org}/integrations", org)
                .then().body("items[0].slug", equalTo("delta"));
        // Another organisation's records never match.
        asAdmin(newOrg()).queryParam("q", "crm").get("/organizations/{org}/integrations", org).then().statusCode(403);
        for (String bad : List.of("colour", "-", "name;drop", "--name")) {
            asAdmin(org).queryParam("sort", bad).get("/organizations/{org}/integrations", org).then().statusCode(400)
                    .body("error.code", equalTo("invalid_request")).body("error.field", equalTo("sort"));
        }
        asAdmin(org).queryParam("q", "x".repeat(201)).get("/organizations/{org}/integrations", org).then().statusCode(400)
                .body("error.field", equalTo("q"));
        asAdmin(org).queryParam("q", "a").queryParam("q", "b").get("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.field", equalTo("q"));
        // The other lists take the same parameters.
        asAdmin(org).queryParam("q", "none").queryParam("sort", "-name").get("/organizations/{org}/credentials", org)
                .then().statusCode(200).body("total", equalTo(0));
        asAdmin(org).queryParam("q", "none").queryParam("sort", "name").get("/organizations/{org}/api-keys", org)
                .then().statusCode(200).body("total", equalTo(0));
        asAdmin(org).queryParam("q", "none").queryParam("sort", "-updated").get("/organizations/{org}/whatsapp-apps", org)
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aConnectionTestReportsWhatItFoundAndStoresNothing() {
        String org = newOrg();
        // Nothing listens on port 1: not ok, with the reason, in the normal 200 answer.
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://localhost:1/mcp\",\"timeoutMs\":2000}}")
                .post("/organizations/{org}/integrations/connection-test", org)
                .then().statusCode(200).body("ok", equalTo(false)).body("error", not(emptyOrNullString()))
                .body("toolCount", equalTo(0));
        // What an install would refuse is refused the same way, every field at once.
        asAdmin(org).body("{\"config\":{\"endpoint\":\"http://mcp.example.com\",\"timeoutMs\":0},\"credentialId\":\""
                + UUID.randomUUID() + "\"}")
                .post("/organizations/{org}/integrations/connection-test", org)
                .then().statusCode(400).body("errors.field", hasItems("config.endpoint", "config.timeoutMs"));
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://10.0.0.1/mcp\"}}")
                .post("/organizations/{org}/integrations/connection-test", org)
                .then().statusCode(400).body("error.field", equalTo("config.endpoint"));
        String foreign = ControlPanelApi.storeBearer(newOrg(), "theirs", "their-secret");
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://localhost:1/mcp\"},\"credentialId\":\"" + foreign + "\"}")
                .post("/organizations/{org}/integrations/connection-test", org)
                .then().statusCode(400).body("error.field", equalTo("credentialId"));
        ControlPanelApi.asViewer(org).body("{\"config\":{\"endpoint\":\"https://localhost:1/mcp\"}}")
                .post("/organizations/{org}/integrations/connection-test", org).then().statusCode(403);
        asAdmin(org).get("/organizations/{org}/integrations", org).then().body("total", equalTo(0));
    }

    @Test
    void patchChangesWritableFieldsAndClearsWithNull() {
        String org = newOrg();
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"crm","displayName":"CRM","description":"old",
                 "config":{"endpoint":"https://mcp.example.com","timeoutMs":5000}}""")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");

        asAdmin(org).body("""
                {"displayName":"CRM v2","description":null,"config":{"transport":"http-sse","timeoutMs":null}}""")
                .patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200)
                .body("displayName", equalTo("CRM v2"))
                .body("description", nullValue())
                .body("slug", equalTo("crm"))
                .body("config.endpoint", equalTo("https://mcp.example.com"))
                .body("config.transport", equalTo("http-sse"))
                .body("config", not(hasKey("timeoutMs")));
    }

    @Test
    void aPatchThatChangesNothingKeepsUpdatedAtAndPublishesNothing() {
        String org = newOrg();
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"same","displayName":"Same","description":"d",
                 "config":{"endpoint":"https://mcp.example.com","timeoutMs":5000}}""")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        String updatedAt = asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then().extract().path("updatedAt");
        long events = outboxEvents(Topics.INTEGRATION_UPDATED, id);

        for (String noChange : List.of("{\"config\":{}}", "{\"displayName\":\"Same\"}",
                "{\"description\":\"d\",\"config\":{\"timeoutMs\":5000,\"endpoint\":\"https://mcp.example.com\"}}")) {
            asAdmin(org).body(noChange).patch("/organizations/{org}/integrations/{id}", org, id)
                    .then().statusCode(200).body("updatedAt", equalTo(updatedAt));
        }
        assertThat(outboxEvents(Topics.INTEGRATION_UPDATED, id)).as("no integration-updated event for a no-op").isEqualTo(events);

        asAdmin(org).body("{\"displayName\":\"Changed\"}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200).body("updatedAt", not(equalTo(updatedAt)));
        assertThat(outboxEvents(Topics.INTEGRATION_UPDATED, id)).isEqualTo(events + 1);
    }

    @Test
    void aPatchWithIfMatchAppliesOnlyToTheVersionItWasReadFrom() {
        String org = newOrg();
        String id = install(org, "tagged");
        String tag = asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200).header("ETag", matchesPattern("\"[0-9]+\"")).extract().header("ETag");

        // Tab B saves first, with the tag it read: applied, and a new tag comes back.
        String newTag = asAdmin(org).header("If-Match", tag).body("{\"displayName\":\"Renamed in B\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200).extract().header("ETag");
        assertThat(newTag).isNotEqualTo(tag);
        long events = outboxEvents(Topics.INTEGRATION_UPDATED, id);

        // Tab A saves with the old tag: refused, nothing changed, nothing published.
        asAdmin(org).header("If-Match", tag).body("{\"description\":\"Written in A\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(412).body("error.code", equalTo("precondition_failed"))
                .body("error.message", containsString(newTag));
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then()
                .body("displayName", equalTo("Renamed in B")).body("description", nullValue());
        assertThat(outboxEvents(Topics.INTEGRATION_UPDATED, id)).isEqualTo(events);

        // A weak tag never matches (strong comparison), a list with the current tag does, and so does *.
        asAdmin(org).header("If-Match", "W/" + newTag).body("{\"description\":\"weak\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(412);
        String third = asAdmin(org).header("If-Match", "\"1\", " + newTag).body("{\"description\":\"listed\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200).extract().header("ETag");
        asAdmin(org).header("If-Match", "\"1\", *").body("{\"description\":\"star in a list\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(412);
        asAdmin(org).header("If-Match", "*").body("{\"description\":\"any\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);
        // Two changes within one millisecond still get different tags: the tag only ever grows.
        assertThat(Long.parseLong(third.replace("\"", ""))).isGreaterThan(Long.parseLong(newTag.replace("\"", "")));
        // Without If-Match a PATCH applies as before.
        asAdmin(org).body("{\"description\":\"unconditional\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);
    }

    @Test
    void patchRefusesSlugChangesUnknownFieldsAndEmptyBodies() {
        String org = newOrg();
        String id = install(org, "stable");

        asAdmin(org).body("{\"slug\":\"renamed\"}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_integration_config"))
                .body("error.field", equalTo("slug"));
        asAdmin(org).body("{\"colour\":\"blue\"}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"));
        asAdmin(org).body("{}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"));
        asAdmin(org).body("{\"config\":{\"timeoutMs\":60001}}").patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_integration_config"))
                .body("error.message", containsString("60000"));
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200).body("slug", equalTo("stable")).body("config", not(hasKey("timeoutMs")));
    }

    @Test
    void deleteAnswers204AndTheIntegrationIsGone() {
        String org = newOrg();
        String id = install(org, "short-lived");

        asAdmin(org).delete("/organizations/{org}/integrations/{id}", org, id).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(404).body("error.code", equalTo("not_found"));
        asAdmin(org).delete("/organizations/{org}/integrations/{id}", org, id).then().statusCode(404);
    }

    @Test
    void aSlugIsUniquePerOrganisationButFreeAcrossOrganisations() {
        String org = newOrg();
        install(org, "support-crm");

        asAdmin(org).body(integrationJson("support-crm", "https://other.example.com"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(409)
                .body("error.code", equalTo("integration_slug_conflict"))
                .body("error.field", equalTo("slug"));
        install(newOrg(), "support-crm");
    }

    @Test
    void aConcurrentPatchOfAnotherFieldNeverRevertsAnEndpointChange() throws Exception {
        String org = newOrg();
        String id = install(org, "raced");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                String endpoint = "https://round-" + round + ".example.com/mcp";
                Callable<Integer> move = () -> asAdmin(org).body("{\"config\":{\"endpoint\":\"" + endpoint + "\"}}")
                        .patch("/organizations/{org}/integrations/{id}", org, id).statusCode();
                String name = "name-" + round;
                Callable<Integer> rename = () -> asAdmin(org).body("{\"displayName\":\"" + name + "\"}")
                        .patch("/organizations/{org}/integrations/{id}", org, id).statusCode();
                for (Future<Integer> f : pool.invokeAll(List.of(move, rename))) {
                    assertThat(f.get()).isEqualTo(200);
                }
                asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then()
                        .body("config.endpoint", equalTo(endpoint)).body("displayName", equalTo(name));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentInstallsWithOneSlugLeaveExactlyOneWinner() throws Exception {
        String org = newOrg();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                attempts.add(() -> asAdmin(org).body(integrationJson("race", "https://mcp.example.com"))
                        .post("/organizations/{org}/integrations", org).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoopbackEndpointOnTheConfiguredAllowListIsAccepted() {
        String org = newOrg();
        asAdmin(org).body(integrationJson("local", "http://127.0.0.1:3001/mcp"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201).body("config.endpoint", equalTo("http://127.0.0.1:3001/mcp"));
    }
}
