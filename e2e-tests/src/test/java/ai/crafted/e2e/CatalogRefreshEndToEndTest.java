package ai.crafted.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.mcp.EverythingServer;
import ai.crafted.testsupport.mcp.FixtureMcpServer;

/**
 * Install real MCP servers through the control-panel API and refresh their catalogs: the API,
 * catalog-refresher and the MCP client as separate processes over the real broker.
 */
class CatalogRefreshEndToEndTest {

    private static RunningStack stack;
    private static EverythingServer streamable;
    private static EverythingServer sse;
    private static Vertx vertx;
    private static FixtureMcpServer fixture;

    private final String org = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        stack = RunningStack.shared();
        streamable = stack.everything();
        sse = EverythingServer.sse();
        vertx = Vertx.vertx();
        fixture = FixtureMcpServer.start(vertx);
    }

    @AfterAll
    static void stop() {
        sse.close();
        fixture.close();
        vertx.close();
    }

    @Test
    void serverEverythingOverStreamableHttpIsRefreshedOnInstallAndOnDemand() {
        String id = install("everything", streamable.endpoint(), "streamable-http", null);

        // The install alone triggers a refresh.
        await().atMost(Duration.ofSeconds(40)).until(() -> !get(id).getList("toolCatalog").isEmpty());

        JsonPath refreshed = refresh(id);
        assertThat(refreshed.getList("toolCatalog.name", String.class)).contains("echo");
        assertThat(refreshed.getString("toolCatalog.find { it.name == 'echo' }.inputSchema.properties.message.type"))
                .isEqualTo("string");
        assertThat(refreshed.getString("catalogRefreshedAt")).isNotNull();
        assertThat(refreshed.getString("lastRefreshError")).isNull();
        api().get("/organizations/{org}/integrations", org).then().statusCode(200)
                .body("items[0].toolCount", equalTo(refreshed.getList("toolCatalog").size()));
    }

    @Test
    void serverEverythingOverLegacySseIsRefreshed() {
        String id = install("everything-sse", sse.endpoint(), "http-sse", null);

        JsonPath refreshed = refresh(id);
        assertThat(refreshed.getList("toolCatalog.name", String.class)).contains("echo");
        assertThat(refreshed.getString("config.transport")).isEqualTo("http-sse");
    }

    @Test
    void aRefusingServerShowsAReadableErrorAndKeepsNoCatalog() {
        String id = install("locked", fixture.url("/unauthorized"), "streamable-http", null);

        JsonPath refreshed = refresh(id);
        assertThat(refreshed.getString("lastRefreshError")).startsWith("MCP server answered HTTP 401");
        assertThat(refreshed.getList("toolCatalog")).isEmpty();
        api().get("/organizations/{org}/integrations", org).then()
                .body("items[0].lastRefreshError", startsWith("MCP server answered HTTP 401"));
    }

    @Test
    void theCredentialReachesTheServerAndARotationIsUsedWithoutRestarts() {
        String credential = api().body("{\"name\":\"fixture-token\",\"type\":\"bearer\",\"secret\":\"first-secret\"}")
                .post("/organizations/{org}/credentials", org).then().statusCode(201).extract().path("id");
        String id = install("with-credential", fixture.url("/mcp"), "streamable-http", credential);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(refresh(id).getString("lastRefreshError")).isNull();
            assertThat(lastAuthorization()).isEqualTo("Bearer first-secret");
        });

        api().body("{\"secret\":\"rotated-secret\"}")
                .post("/organizations/{org}/credentials/{id}/rotate", org, credential).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            refresh(id);
            assertThat(lastAuthorization()).isEqualTo("Bearer rotated-secret");
        });
    }

    @Test
    void aServerThatChangesItsToolsShowsTheNewCatalogAfterTheNextRefresh() {
        String id = install("changing", fixture.url("/mcp"), "streamable-http", null);
        assertThat(refresh(id).getList("toolCatalog.name", String.class)).containsExactly("lookup_customer");

        fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID."),
                FixtureMcpServer.tool("open_ticket", "Open a support ticket.")));
        try {
            assertThat(refresh(id).getList("toolCatalog.name", String.class))
                    .containsExactly("lookup_customer", "open_ticket");
        } finally {
            fixture.setTools(List.of(FixtureMcpServer.tool("lookup_customer", "Lookup customer profile by ID.")));
        }
    }

    private String install(String slug, String endpoint, String transport, String credentialId) {
        return api().body("""
                {"kind":"mcp","slug":"%s","displayName":"%s","config":{"endpoint":"%s","transport":"%s"},"credentialId":%s}"""
                .formatted(slug, slug, endpoint, transport, credentialId == null ? "null" : "\"" + credentialId + "\""))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
    }

    private JsonPath refresh(String id) {
        return api().post("/organizations/{org}/integrations/{id}/refresh", org, id)
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath get(String id) {
        return api().get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification api() {
        return given().baseUri(stack.url("integrations-service")).auth().oauth2(DevTokens.admin(org))
                .header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    private static String lastAuthorization() {
        var headers = fixture.requestHeaders();
        return headers.isEmpty() ? null : headers.get(headers.size() - 1).get("Authorization");
    }
}
