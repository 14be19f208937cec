package ai.crafted.integrations.catalog;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.events.CatalogRefreshRequestedEvent;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.kafka.TopicReader;
import ai.crafted.testsupport.kafka.TopicWriter;

/**
 * The control-panel side of a refresh. The test plays catalog-refresher's part on the real broker
 * (read the request, publish a result); the real refresher is exercised end to end in e2e-tests.
 */
@QuarkusTest
class RefreshEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefreshAnswersWithTheStoredCatalog() throws Exception {
        String org = newOrg();
        String id = install(org, "support-crm");

        CompletableFuture<Response> call = refreshAsync(org, id);
        CatalogRefreshRequestedEvent request = awaitRequests(id, 1).get(0);
        assertThat(request.config().endpoint()).isEqualTo("https://mcp.example.com/support-crm");
        Instant attempted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        answer(request, 1, attempted, List.of(tool("lookup_customer")), attempted, null);

        Response response = call.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("toolCatalog[0].name")).isEqualTo("lookup_customer");
        assertThat(response.jsonPath().getString("toolCatalog[0].inputSchema.properties.customer_id.type")).isEqualTo("string");
        assertThat(response.jsonPath().getString("catalogRefreshedAt"))
                .isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(attempted));
        assertThat(response.jsonPath().getString("lastRefreshAttemptedAt")).isEqualTo(response.jsonPath().getString("catalogRefreshedAt"));
        assertThat(response.jsonPath().getString("lastRefreshError")).isNull();
        asAdmin(org).get("/organizations/{org}/integrations", org).then().statusCode(200)
                .body("items[0].toolCount", equalTo(1));
    }

    @Test
    void aFailedRefreshKeepsThePreviousCatalogUntilTheNextSuccess() throws Exception {
        String org = newOrg();
        String id = install(org, "flaky");
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        refreshWith(org, id, 1, first, List.of(tool("a"), tool("b")), first, null);

        // The refresher keeps the listed tools of the same configuration when a refresh fails.
        Response failed = refreshWith(org, id, 2, first.plusSeconds(1), List.of(tool("a"), tool("b")), first,
                "MCP server answered HTTP 401 to initialize");
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.jsonPath().getList("toolCatalog.name")).containsExactly("a", "b");
        assertThat(failed.jsonPath().getString("lastRefreshError")).isEqualTo("MCP server answered HTTP 401 to initialize");
        assertThat(failed.jsonPath().getString("lastRefreshAttemptedAt")).isNotEqualTo(failed.jsonPath().getString("catalogRefreshedAt"));
        asAdmin(org).get("/organizations/{org}/integrations", org).then()
                .body("items[0].toolCount", equalTo(2))
                .body("items[0].lastRefreshError", equalTo("MCP server answered HTTP 401 to initialize"));

        Response healed = refreshWith(org, id, 3, first.plusSeconds(2), List.of(), first.plusSeconds(2), null);
        assertThat(healed.jsonPath().getString("lastRefreshError")).isNull();
        assertThat(healed.jsonPath().getList("toolCatalog")).isEmpty();
    }

    @Test
    void concurrentRefreshesShareOneRequest() throws Exception {
        String org = newOrg();
        String id = install(org, "busy");

        CompletableFuture<Response> first = refreshAsync(org, id);
        CatalogRefreshRequestedEvent request = awaitRequests(id, 1).get(0);
        CompletableFuture<Response> second = refreshAsync(org, id);
        Thread.sleep(1500); // let the second call join before the answer arrives
        Instant now = Instant.now();
        answer(request, 1, now, List.of(tool("shared")), now, null);

        assertThat(first.get(30, TimeUnit.SECONDS).jsonPath().getString("toolCatalog[0].name")).isEqualTo("shared");
        assertThat(second.get(30, TimeUnit.SECONDS).jsonPath().getString("toolCatalog[0].name")).isEqualTo("shared");
        assertThat(awaitRequests(id, 1)).hasSize(1);
    }

    @Test
    void aResultForAnEndpointChangedMeanwhileDoesNotOverwriteTheCatalog() throws Exception {
        String org = newOrg();
        String id = install(org, "moving");
        CompletableFuture<Response> call = refreshAsync(org, id);
        CatalogRefreshRequestedEvent request = awaitRequests(id, 1).get(0);
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://new.example.com/mcp\"}}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);

        Instant now = Instant.now();
        answer(request, 1, now, List.of(tool("from_old_server")), now, null);

        Response response = call.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("toolCatalog")).isEmpty();
        assertThat(response.jsonPath().getString("config.endpoint")).isEqualTo("https://new.example.com/mcp");
    }

    @Test
    void withoutAnAnswerTheCallEndsWith504() {
        String org = newOrg();
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"silent","displayName":"Silent","config":{"endpoint":"https://mcp.example.com","timeoutMs":200}}""")
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");

        asAdmin(org).post("/organizations/{org}/integrations/{id}/refresh", org, id)
                .then().statusCode(504).body("error.code", equalTo("refresh_timeout"));
    }

    @Test
    void viewersCannotRefreshAndOtherOrganisationsSeeNothing() {
        String org = newOrg();
        String id = install(org, "guarded");
        asViewer(org).post("/organizations/{org}/integrations/{id}/refresh", org, id).then().statusCode(403);
        String other = newOrg();
        asAdmin(other).post("/organizations/{org}/integrations/{id}/refresh", other, id).then().statusCode(404);
    }

    private Response refreshWith(String org, String id, int nth, Instant attempted, List<ToolDescriptor> tools,
            Instant refreshedAt, String error) throws Exception {
        CompletableFuture<Response> call = refreshAsync(org, id);
        CatalogRefreshRequestedEvent request = awaitRequests(id, nth).get(nth - 1);
        answer(request, nth, attempted, tools, refreshedAt, error);
        return call.get(30, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Response> refreshAsync(String org, String id) {
        return CompletableFuture.supplyAsync(() -> asAdmin(org).post("/organizations/{org}/integrations/{id}/refresh", org, id));
    }

    private static List<CatalogRefreshRequestedEvent> awaitRequests(String id, int count) {
        try (TopicReader reader = new TopicReader(Topics.CATALOG_REFRESH_REQUESTED)) {
            return reader.awaitForKey(id, count, Duration.ofSeconds(20)).stream()
                    .map(r -> EventJson.read(r.value(), CatalogRefreshRequestedEvent.class)).toList();
        }
    }

    /** What catalog-refresher publishes after listing the requested configuration: its whole catalog state. */
    private static void answer(CatalogRefreshRequestedEvent request, long sequence, Instant attempted,
            List<ToolDescriptor> tools, Instant refreshedAt, String error) {
        TopicWriter.send(Topics.CATALOG_UPDATED, request.integrationId().toString(), new CatalogUpdatedEvent(
                CatalogUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), request.organizationId(),
                request.integrationId(), sequence, ConfigFingerprint.of(request.config(), request.credentialId(), -1),
                "sha256:" + sequence, tools, refreshedAt, attempted, error, error == null ? null : "http_status",
                request.requestId(), null, null, null, null));
    }

    private static ToolDescriptor tool(String name) {
        try {
            return new ToolDescriptor(name, null, "Tool " + name, JSON.readTree(
                    "{\"type\":\"object\",\"properties\":{\"customer_id\":{\"type\":\"string\"}},\"required\":[\"customer_id\"]}"),
                    null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
