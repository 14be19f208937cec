package ai.crafted.integrations.auth;

import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import ai.crafted.integrations.ApiRoutes.Route;
import ai.crafted.integrations.ApiRoutes;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * Every route of the control-panel API, enumerated from the OpenAPI document (not a hand-written
 * list), refuses a missing token, a foreign organisation, a mismatched {@code X-Org-Id} and a
 * viewer's write: a new route cannot forget tenancy because nothing per route declares it.
 */
@QuarkusTest
class TenancyDeclaredOnceTest {

    private List<Route> routes;

    /**
     * The only routes outside an organisation, each public by design: the OAuth redirect URI (its
     * single-use state and the browser's binding cookie authenticate it) and the Client ID Metadata
     * Document an authorization server fetches. The tenancy checks below cover every other route.
     */
    private static final List<String> PUBLIC = List.of("GET /oauth/callback", "GET /oauth/client-metadata.json");

    /** Read per test: RestAssured knows the application's port only once Quarkus has started. */
    @BeforeEach
    void readTheApiDocument() {
        routes = ApiRoutes.all().stream().filter(r -> !PUBLIC.contains(r.toString())).toList();
    }

    @Test
    void theDocumentListsEveryRouteUnderAnOrganisationWithItsHeader() {
        List<Route> scoped = routes.stream().filter(r -> r.template().startsWith("/organizations/{organizationId}")).toList();
        assertThat(scoped).as("the control-panel API").hasSizeGreaterThanOrEqualTo(19);
        assertThat(ApiRoutes.all()).as("the public routes are listed").extracting(Route::toString).containsAll(PUBLIC);
        assertThat(routes).as("no other route outside an organisation").allMatch(r -> r.template().startsWith("/organizations/{organizationId}"));
        Map<String, Map<String, Map<String, Object>>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().extract().jsonPath().getMap("paths");
        for (Route route : scoped) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) paths.get(route.template())
                    .get(route.method()).get("parameters");
            assertThat(parameters).as(route.toString())
                    .anyMatch(p -> "X-Org-Id".equals(p.get("name")) && "header".equals(p.get("in")));
        }
    }

    @Test
    void everyRouteRefusesAMissingOrInvalidToken() {
        String org = newOrg();
        for (Route route : routes) {
            assertRefused(given().header("X-Org-Id", org), route, org, 401, "unauthenticated");
            assertRefused(given().auth().oauth2("not-a-jwt").header("X-Org-Id", org), route, org, 401, "unauthenticated");
        }
    }

    @Test
    void everyRouteRefusesAForeignOrganisationAndAMismatchedHeader() {
        String mine = newOrg();
        String theirs = newOrg();
        long before = rows();
        for (Route route : routes) {
            // A token for my organisation pointed at theirs, with a consistent header.
            assertRefused(given().auth().oauth2(DevTokens.admin(mine)).header("X-Org-Id", theirs), route, theirs, 403,
                    "forbidden");
            // My organisation in the path, theirs in the header; and no header at all.
            assertRefused(given().auth().oauth2(DevTokens.admin(mine)).header("X-Org-Id", theirs), route, mine, 403,
                    "forbidden");
            assertRefused(given().auth().oauth2(DevTokens.admin(mine)), route, mine, 403, "forbidden");
        }
        assertThat(rows()).as("nothing was written").isEqualTo(before);
    }

    @Test
    void everyWriteRefusesAViewer() {
        String org = newOrg();
        long before = rows();
        for (Route route : routes.stream().filter(Route::writes).toList()) {
            assertRefused(given().auth().oauth2(DevTokens.viewer(org)).header("X-Org-Id", org), route, org, 403,
                    "forbidden");
        }
        assertThat(rows()).as("nothing was written").isEqualTo(before);
    }

    private static void assertRefused(RequestSpecification request, Route route, String org, int status, String code) {
        Response response = request.contentType("application/json").body("{}").request(route.method(), route.path(org, Map.of()));
        assertThat(response.statusCode()).as(route + " for " + org).isEqualTo(status);
        assertThat(response.jsonPath().getString("error.code")).as(route.toString()).isEqualTo(code);
    }

    private static long rows() {
        long total = 0;
        for (String table : List.of("integrations", "credentials", "api_keys", "whatsapp_apps", "organizations", "outbox_events")) {
            total += ((Number) TestDatabase.query("select count(*) as n from " + table).get(0).get("n")).longValue();
        }
        return total;
    }
}
