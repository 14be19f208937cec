package ai.crafted.integrations.organization;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class OrganizationApiTest {

    private final String org = newOrg();

    @Test
    void everyMemberReadsTheOrganisationWithTheirOwnRoleAndNoNameAtFirst() {
        asViewer(org).get("/organizations/{org}", org).then().statusCode(200)
                .header("ETag", "\"0\"").header("Cache-Control", "no-store")
                .body("id", equalTo(org)).body("name", nullValue()).body("role", equalTo("viewer"));
        asAdmin(org).get("/organizations/{org}", org).then().statusCode(200).body("role", equalTo("admin"));
        assertThat(TestDatabase.query("select * from organizations where id = ?::uuid", org)).as("a read stores nothing").isEmpty();
    }

    @Test
    void anAdminNamesItTrimmedAndEveryMemberThenSeesTheName() {
        Response named = asAdmin(org).body("{\"name\":\"  Acme Support \\u3000\"}").put("/organizations/{org}", org);
        named.then().statusCode(200).body("id", equalTo(org)).body("name", equalTo("Acme Support")).body("role", equalTo("admin"));
        String tag = named.header("ETag");
        assertThat(tag).matches("\"[0-9]{13}\"");

        asViewer(org).get("/organizations/{org}", org).then().statusCode(200).header("ETag", tag)
                .body("name", equalTo("Acme Support")).body("role", equalTo("viewer"));
        Map<String, Object> row = TestDatabase.query("select name, updated_by from organizations where id = ?::uuid", org).get(0);
        assertThat(row).containsEntry("name", "Acme Support").containsEntry("updated_by", "admin@" + org);

        // The same name again changes nothing, not even the tag; another name changes both.
        asAdmin(org).body("{\"name\":\"Acme Support\"}").put("/organizations/{org}", org).then().statusCode(200).header("ETag", tag);
        asAdmin(org).body("{\"name\":\"Acme\"}").put("/organizations/{org}", org).then().statusCode(200).body("name", equalTo("Acme"));
        assertThat(asAdmin(org).get("/organizations/{org}", org).header("ETag")).isNotEqualTo(tag);
    }

    @Test
    void aNameOfEightyCharactersIsTakenCountedInUtf16UnitsLikeEveryLimit() {
        asAdmin(org).body("{\"name\":\"" + "n".repeat(80) + "\"}").put("/organizations/{org}", org).then().statusCode(200);
        // An emoji counts 2 (README, Limits): 40 fit, 41 do not.
        String forty = "😀".repeat(40);
        asAdmin(org).body(("{\"name\":\"" + forty + "\"}").getBytes(StandardCharsets.UTF_8)).put("/organizations/{org}", org)
                .then().statusCode(200);
        assertThat(TestDatabase.query("select name from organizations where id = ?::uuid", org).get(0).get("name")).isEqualTo(forty);
        asAdmin(org).body(("{\"name\":\"" + forty + "😀\"}").getBytes(StandardCharsets.UTF_8)).put("/organizations/{org}", org)
                .then().statusCode(400).body("error.field", equalTo("name"));
    }

    @Test
    void aViewerCannotRenameIt() {
        asViewer(org).body("{\"name\":\"Viewer's choice\"}").put("/organizations/{org}", org).then().statusCode(403)
                .body("error.code", equalTo("forbidden"));
        asAdmin(org).get("/organizations/{org}", org).then().body("name", nullValue());
    }

    @Test
    void anotherOrganisationsTokenReadsAndChangesNothing() {
        String theirs = newOrg();
        asAdmin(theirs).body("{\"name\":\"Theirs\"}").put("/organizations/{org}", theirs).then().statusCode(200);
        String mine = DevTokens.admin(org);
        for (Response response : List.of(
                given().auth().oauth2(mine).header("X-Org-Id", theirs).get("/organizations/{org}", theirs),
                given().auth().oauth2(mine).header("X-Org-Id", theirs).contentType(ContentType.JSON)
                        .body("{\"name\":\"Taken over\"}").put("/organizations/{org}", theirs),
                // My organisation in the header, theirs in the path.
                given().auth().oauth2(mine).header("X-Org-Id", org).get("/organizations/{org}", theirs))) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.jsonPath().getString("error.code")).isEqualTo("forbidden");
            assertThat(response.asString()).doesNotContain("Theirs");
        }
        given().header("X-Org-Id", theirs).get("/organizations/{org}", theirs).then().statusCode(401)
                .body("error.code", equalTo("unauthenticated"));
        asAdmin(theirs).get("/organizations/{org}", theirs).then().body("name", equalTo("Theirs"));
    }

    @Test
    void invalidNamesAreRefusedWithEveryProblemInTheErrorsArray() {
        for (String body : List.of("{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":\"\\u2003\\u3000\"}", "{\"name\":null}",
                "{}", "{\"name\":\"" + "n".repeat(81) + "\"}", "{\"name\":\" " + "\\uD83D\\uDE00".repeat(41) + " \"}",
                "{\"name\":\"a\\u0000b\"}", "{\"name\":\"a\\u0007b\"}", "{\"name\":\"two\\nlines\"}",
                "{\"name\":\"admin\\u202Etxt.exe\"}", "{\"name\":\"a\\uD800b\"}",
                // Names that display as nothing (found by an attack helper): zero-width, fillers, Braille blank, no-break spaces.
                "{\"name\":\"\\u200B\"}", "{\"name\":\"\\u3164\"}", "{\"name\":\"\\u2800\"}", "{\"name\":\"\\u00a0\\u00a0\"}",
                "{\"name\":\"\\u200F\\u200E\\u061C\"}", "{\"name\":\"\\u0301\\u0301\"}")) {
            JsonPath refused = asAdmin(org).body(body).put("/organizations/{org}", org).then().statusCode(400)
                    .contentType(ContentType.JSON).extract().jsonPath();
            assertThat(refused.getString("error.code")).as(body).isEqualTo("invalid_request");
            assertThat(refused.getString("error.field")).as(body).isEqualTo("name");
            assertThat(refused.getList("errors.field")).as(body).containsExactly("name");
            assertThat(refused.getString("errors[0].message")).as(body).startsWith("name ");
        }
        assertThat(asAdmin(org).body("{\"name\":\"" + "n".repeat(81) + "\"}").put("/organizations/{org}", org)
                .jsonPath().getString("error.message")).isEqualTo("name must be at most 80 characters");
        assertThat(TestDatabase.query("select * from organizations where id = ?::uuid", org)).as("nothing stored").isEmpty();
        // Visible names in any script are taken, marks included.
        asAdmin(org).body("{\"name\":\"Caf\\u00e9 \\u6771\\u4eac \\u0905\\u0902\"}").put("/organizations/{org}", org).then()
                .statusCode(200);
    }

    @Test
    void unknownFieldsWrongTypesAndMalformedJsonAreRefusedLikeEverywhereElse() {
        asAdmin(org).body("{\"name\":\"Acme\",\"colour\":\"blue\"}").put("/organizations/{org}", org).then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.field", equalTo("colour"));
        asAdmin(org).body("{\"id\":\"" + newOrg() + "\",\"name\":\"Acme\"}").put("/organizations/{org}", org).then()
                .statusCode(400).body("error.field", equalTo("id"));
        asAdmin(org).body("{\"name\":42}").put("/organizations/{org}", org).then().statusCode(400)
                .body("error.field", equalTo("name"));
        asAdmin(org).body("{\"name\":").put("/organizations/{org}", org).then().statusCode(400)
                .body("error.code", equalTo("malformed_json"));
        asAdmin(org).body("{\"name\":\"a\",\"name\":\"b\"}").put("/organizations/{org}", org).then().statusCode(400)
                .body("error.code", equalTo("malformed_json"));
        asAdmin(org).put("/organizations/{org}", org).then().statusCode(400).body("error.code", equalTo("invalid_request"));
        asAdmin(org).contentType(ContentType.TEXT).body("Acme").put("/organizations/{org}", org).then().statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"));
        asAdmin(org).body("{}").delete("/organizations/{org}", org).then().statusCode(405)
                .header("Allow", equalTo("GET, HEAD, PUT"));
        assertThat(TestDatabase.query("select * from organizations where id = ?::uuid", org)).as("nothing stored").isEmpty();
    }

    @Test
    void aRenameWithAStaleIfMatchIsRefusedAndChangesNothing() {
        // "0" is the tag of an organisation without a name: the first naming can be conditional too.
        String first = asAdmin(org).header("If-Match", "\"0\"").body("{\"name\":\"First\"}").put("/organizations/{org}", org)
                .then().statusCode(200).extract().header("ETag");
        asAdmin(org).header("If-Match", "\"0\"").body("{\"name\":\"Second\"}").put("/organizations/{org}", org)
                .then().statusCode(412).body("error.code", equalTo("precondition_failed"));
        asAdmin(org).get("/organizations/{org}", org).then().body("name", equalTo("First"));
        asAdmin(org).header("If-Match", first).body("{\"name\":\"Second\"}").put("/organizations/{org}", org)
                .then().statusCode(200).body("name", equalTo("Second"));
    }
}
