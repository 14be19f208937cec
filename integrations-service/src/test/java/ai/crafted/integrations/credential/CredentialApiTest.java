package ai.crafted.integrations.credential;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class CredentialApiTest {

    private final String org = newOrg();

    @Test
    void aBearerSecretIsWriteOnlyAndStoredEncrypted() {
        String secret = "sk_live_" + UUID.randomUUID();
        String body = asAdmin(org).body("{\"name\":\"crm-token\",\"type\":\"bearer\",\"secret\":\"" + secret + "\"}")
                .post("/organizations/{org}/credentials", org)
                .then().statusCode(201)
                .body("name", equalTo("crm-token"))
                .body("type", equalTo("bearer"))
                .body("headerName", equalTo("Authorization"))
                .body("fingerprint", matchesPattern("[0-9a-f]{12}"))
                .body("createdAt", notNullValue())
                .body("rotatedAt", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain(secret).doesNotContain("secret");

        String id = JsonPath.from(body).getString("id");
        asAdmin(org).get("/organizations/{org}/credentials/{id}", org, id).then().statusCode(200)
                .body(not(containsString(secret)));
        asAdmin(org).get("/organizations/{org}/credentials", org).then().statusCode(200)
                .body("items.name", equalTo(List.of("crm-token")))
                .body(not(containsString(secret)));

        var row = TestDatabase.query("select * from credentials where id = ?", UUID.fromString(id)).get(0);
        assertThat(row.values().toString()).doesNotContain(secret);
        assertThat(row.get("secret_key_id")).isEqualTo("test-rest-1");
    }

    @Test
    void aCustomHeaderCredentialKeepsItsHeaderName() {
        asAdmin(org).body("{\"name\":\"api-key\",\"type\":\"header\",\"headerName\":\"X-Api-Key\",\"secret\":\"k-123\"}")
                .post("/organizations/{org}/credentials", org)
                .then().statusCode(201).body("type", equalTo("header")).body("headerName", equalTo("X-Api-Key"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "headerName | {\"name\":\"a\",\"type\":\"header\",\"secret\":\"x\"}                                  | required for type",
            "headerName | {\"name\":\"a\",\"type\":\"header\",\"headerName\":\"Host\",\"secret\":\"x\"}          | set by the MCP client",
            "headerName | {\"name\":\"a\",\"type\":\"header\",\"headerName\":\"Mcp-Method\",\"secret\":\"x\"}    | set by the MCP client",
            "headerName | {\"name\":\"a\",\"type\":\"header\",\"headerName\":\"mcp-param-Key\",\"secret\":\"x\"} | set by the MCP client",
            "headerName | {\"name\":\"a\",\"type\":\"header\",\"headerName\":\"X Bad\",\"secret\":\"x\"}         | HTTP header name",
            "headerName | {\"name\":\"a\",\"type\":\"bearer\",\"headerName\":\"X-Api-Key\",\"secret\":\"x\"}     | only for type",
            "type       | {\"name\":\"a\",\"type\":\"basic\",\"secret\":\"x\"}                                   | bearer",
            "secret     | {\"name\":\"a\",\"type\":\"bearer\"}                                                   | is required",
            "secret     | {\"name\":\"a\",\"type\":\"bearer\",\"secret\":\"line\\nbreak\"}                       | line breaks",
            "name       | {\"name\":\" \",\"type\":\"bearer\",\"secret\":\"x\"}                                   | is required",
    })
    void invalidCredentialsAreRefusedNamingTheField(String field, String json, String message) {
        asAdmin(org).body(json).post("/organizations/{org}/credentials", org)
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_credential"))
                .body("error.field", equalTo(field))
                .body("error.message", containsString(message));
    }

    @Test
    void namesAreUniquePerOrganisation() {
        storeBearer(org, "shared-name", "one");
        asAdmin(org).body("{\"name\":\"shared-name\",\"type\":\"bearer\",\"secret\":\"two\"}")
                .post("/organizations/{org}/credentials", org)
                .then().statusCode(409).body("error.code", equalTo("credential_name_conflict"));
        storeBearer(newOrg(), "shared-name", "three");
    }

    @Test
    void rotationReplacesTheSecretAndRecordsWhen() {
        String id = storeBearer(org, "rotating", "first-secret");
        String before = asAdmin(org).get("/organizations/{org}/credentials/{id}", org, id).then().extract().path("fingerprint");

        asAdmin(org).body("{\"secret\":\"second-secret\"}")
                .post("/organizations/{org}/credentials/{id}/rotate", org, id)
                .then().statusCode(200)
                .body("rotatedAt", notNullValue())
                .body("fingerprint", not(equalTo(before)))
                .body(not(containsString("second-secret")));
        asAdmin(org).body("{\"secret\":\"\"}").post("/organizations/{org}/credentials/{id}/rotate", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_credential"));
    }

    @Test
    void concurrentRotationsOfOneCredentialAllSucceedOneAfterAnother() throws Exception {
        // Found by GeneratedInputTest: two rotations at once lost an optimistic-lock race and answered 500.
        String org = newOrg();
        String id = storeBearer(org, "raced", "secret-0");
        int before = ((Number) TestDatabase.query("select version from credentials where id = ?", UUID.fromString(id))
                .get(0).get("version")).intValue();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> rotations = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                String secret = "secret-" + i;
                rotations.add(() -> asAdmin(org).body("{\"secret\":\"" + secret + "\"}")
                        .post("/organizations/{org}/credentials/{id}/rotate", org, id).statusCode());
            }
            for (Future<Integer> rotation : pool.invokeAll(rotations)) {
                assertThat(rotation.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        int after = ((Number) TestDatabase.query("select version from credentials where id = ?", UUID.fromString(id))
                .get(0).get("version")).intValue();
        assertThat(after - before).as("every rotation applied").isEqualTo(16);
    }

    @Test
    void aCredentialInUseCannotBeDeletedUntilNothingUsesIt() {
        String id = storeBearer(org, "in-use", "secret");
        String integration = asAdmin(org).body("""
                {"kind":"mcp","slug":"uses-it","displayName":"Uses it",
                 "config":{"endpoint":"https://mcp.example.com"},"credentialId":"%s"}""".formatted(id))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201).body("credentialId", equalTo(id)).extract().path("id");

        asAdmin(org).delete("/organizations/{org}/credentials/{id}", org, id)
                .then().statusCode(409)
                .body("error.code", equalTo("credential_in_use"))
                .body("error.message", containsString("uses-it"));

        asAdmin(org).body("{\"credentialId\":null}").patch("/organizations/{org}/integrations/{id}", org, integration)
                .then().statusCode(200).body("credentialId", nullValue());
        asAdmin(org).delete("/organizations/{org}/credentials/{id}", org, id).then().statusCode(204);
        asAdmin(org).get("/organizations/{org}/credentials/{id}", org, id).then().statusCode(404);
    }
}
