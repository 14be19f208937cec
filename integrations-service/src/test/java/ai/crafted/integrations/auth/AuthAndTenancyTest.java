package ai.crafted.integrations.auth;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.integrationJson;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import ai.crafted.testsupport.auth.DevTokens;

@QuarkusTest
class AuthAndTenancyTest {

    @Test
    void requestsWithoutAValidTokenGet401AsJson() {
        String org = newOrg();
        given().header("X-Org-Id", org).get("/organizations/{org}/integrations", org)
                .then().statusCode(401).contentType(ContentType.JSON).body("error.code", equalTo("unauthenticated"));
        given().auth().oauth2("not-a-jwt").header("X-Org-Id", org).get("/organizations/{org}/integrations", org)
                .then().statusCode(401).body("error.code", equalTo("unauthenticated"));
        String expired = DevTokens.mint("late", Map.of(org, "admin"), Duration.ofSeconds(-120));
        given().auth().oauth2(expired).header("X-Org-Id", org).get("/organizations/{org}/integrations", org)
                .then().statusCode(401).body("error.code", equalTo("unauthenticated"));
    }

    @Test
    void twoAuthorizationHeadersAre401EvenWhenBothAreValid() {
        String org = newOrg();
        Response response = given().header("Authorization", "Bearer " + DevTokens.admin(org))
                .header("Authorization", "Bearer " + DevTokens.admin(org)).header("X-Org-Id", org)
                .get("/organizations/{org}/integrations", org);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.jsonPath().getString("error.code")).isEqualTo("unauthenticated");
        assertThat(response.jsonPath().getString("error.message")).contains("one Authorization header");
    }

    @Test
    void organisationIdsInTheTokenAreReadInEitherCaseAndTheLesserOfTwoRolesHolds() {
        String org = newOrg();
        String upper = DevTokens.mint("upper", Map.of(org.toUpperCase(), "admin"), Duration.ofMinutes(5));
        given().auth().oauth2(upper).header("X-Org-Id", org).contentType(ContentType.JSON).body("{\"name\":\"k\"}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201);
        String both = DevTokens.mint("both", Map.of(org.toUpperCase(), "admin", org, "viewer"), Duration.ofMinutes(5));
        given().auth().oauth2(both).header("X-Org-Id", org).get("/organizations/{org}/api-keys", org).then().statusCode(200);
        given().auth().oauth2(both).header("X-Org-Id", org).contentType(ContentType.JSON).body("{\"name\":\"k\"}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(403);
    }

    @Test
    void theOrgHeaderMustMatchThePathAndTheToken() {
        String org = newOrg();
        String other = newOrg();
        given().auth().oauth2(DevTokens.admin(org)).get("/organizations/{org}/integrations", org)
                .then().statusCode(403).body("error.code", equalTo("forbidden"))
                .body("error.message", equalTo("the X-Org-Id header is required"));
        given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", other)
                .get("/organizations/{org}/integrations", org)
                .then().statusCode(403).body("error.code", equalTo("forbidden"));
        // A token for org A cannot be pointed at org B, even with a consistent header.
        given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", other)
                .get("/organizations/{org}/integrations", other)
                .then().statusCode(403).body("error.code", equalTo("forbidden"));
    }

    @Test
    void theOrgHeaderSentTwiceIsRefusedWhicheverValueComesFirst() {
        String org = newOrg();
        String other = newOrg();
        for (String[] values : new String[][] {{org, other}, {other, org}, {org, org}}) {
            given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", values[0]).header("X-Org-Id", values[1])
                    .get("/organizations/{org}/integrations", org)
                    .then().statusCode(403).body("error.code", equalTo("forbidden"))
                    .body("error.message", equalTo("send the X-Org-Id header once"));
        }
    }

    @Test
    void optionsOnTheApiNeedsABearerTokenLikeEveryOtherMethod() {
        String org = newOrg();
        given().header("X-Org-Id", org).options("/organizations/{org}/integrations", org)
                .then().statusCode(401).contentType(ContentType.JSON).body("error.code", equalTo("unauthenticated"));
        given().auth().oauth2("not-a-jwt").options("/organizations/{org}/integrations", org)
                .then().statusCode(401).body("error.code", equalTo("unauthenticated"));
        Response allowed = given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org)
                .options("/organizations/{org}/integrations", org);
        assertThat(allowed.statusCode()).isLessThan(300);
    }

    @Test
    void viewersReadButCannotWrite() {
        String org = newOrg();
        String id = install(org, "read-only");
        String credential = storeBearer(org, "token", "s3cret-value");

        asViewer(org).get("/organizations/{org}/integrations", org).then().statusCode(200);
        asViewer(org).get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200);
        asViewer(org).get("/organizations/{org}/credentials", org).then().statusCode(200);

        asViewer(org).body(integrationJson("nope", "https://mcp.example.com"))
                .post("/organizations/{org}/integrations", org).then().statusCode(403);
        asViewer(org).body("{\"displayName\":\"x\"}")
                .patch("/organizations/{org}/integrations/{id}", org, id).then().statusCode(403);
        asViewer(org).delete("/organizations/{org}/integrations/{id}", org, id).then().statusCode(403);
        asViewer(org).body("{\"name\":\"n\",\"type\":\"bearer\",\"secret\":\"x\"}")
                .post("/organizations/{org}/credentials", org).then().statusCode(403);
        asViewer(org).body("{\"secret\":\"new\"}")
                .post("/organizations/{org}/credentials/{id}/rotate", org, credential).then().statusCode(403);
        asViewer(org).delete("/organizations/{org}/credentials/{id}", org, credential).then().statusCode(403);
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id).then().statusCode(200)
                .body("displayName", equalTo("Plugin read-only"));
    }

    @Test
    void anotherOrganisationCanNeitherReadNorChangeNorDetectRecords() {
        String orgA = newOrg();
        String orgB = newOrg();
        String integrationA = install(orgA, "private-crm");
        String credentialA = storeBearer(orgA, "a-token", "secret-a");
        String missing = UUID.randomUUID().toString();

        for (String[] call : new String[][] {
                { "GET", "/organizations/{org}/integrations/{id}", "" },
                { "PATCH", "/organizations/{org}/integrations/{id}", "{\"displayName\":\"hijacked\"}" },
                { "DELETE", "/organizations/{org}/integrations/{id}", "" },
                { "GET", "/organizations/{org}/credentials/{id}", "" },
                { "POST", "/organizations/{org}/credentials/{id}/rotate", "{\"secret\":\"hijacked\"}" },
                { "DELETE", "/organizations/{org}/credentials/{id}", "" } }) {
            String realId = call[1].contains("credentials") ? credentialA : integrationA;
            Response foreign = send(orgB, call[0], call[1], realId, call[2]);
            Response absent = send(orgB, call[0], call[1], missing, call[2]);
            assertThat(foreign.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(foreign.statusCode()).isEqualTo(absent.statusCode());
            assertThat(foreign.asString().replace(realId, "ID")).isEqualTo(absent.asString().replace(missing, "ID"));
        }

        asAdmin(orgB).get("/organizations/{org}/integrations", orgB).then().statusCode(200).body("total", equalTo(0));
        asAdmin(orgB).get("/organizations/{org}/credentials", orgB).then().statusCode(200).body("items.size()", equalTo(0));
        asAdmin(orgA).get("/organizations/{org}/integrations/{id}", orgA, integrationA)
                .then().statusCode(200).body("displayName", equalTo("Plugin private-crm"));
        asAdmin(orgA).get("/organizations/{org}/credentials/{id}", orgA, credentialA)
                .then().statusCode(200).body("rotatedAt", equalTo(null));
    }

    private static Response send(String org, String method, String path, String id, String body) {
        var request = asAdmin(org);
        if (!body.isEmpty()) {
            request = request.body(body);
        }
        return request.request(method, path, org, id);
    }
}
