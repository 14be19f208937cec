package ai.crafted.integrations.integration;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static ai.crafted.integrations.ControlPanelApi.install;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.integrations.ControlPanelApi;
import ai.crafted.testsupport.postgres.TestDatabase;

@QuarkusTest
class IntegrationValidationTest {

    private final String org = newOrg();

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "kind              | \"kind\":\"rest\"                                     | must be \"mcp\"",
            "kind              | \"kind\":null                                         | is required",
            "slug              | \"slug\":\"Support_CRM\"                              | kebab-case",
            "slug              | \"slug\":\"-crm\"                                     | kebab-case",
            "slug              | \"slug\":\"crm--tools\"                               | kebab-case",
            "slug              | \"slug\":\"abcdefghij-abcdefghij-abcdefghij-x\"       | at most 32",
            "slug              | \"slug\":\"\"                                         | is required",
            "displayName       | \"displayName\":\" \"                                 | is required",
            "config            | \"config\":null                                       | is required",
            "config.endpoint   | \"config\":{\"endpoint\":\"http://mcp.example.com\"}  | https",
            "config.endpoint   | \"config\":{\"endpoint\":\"/mcp\"}                    | absolute",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://u:p@mcp.example.com\"} | user name",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://10.1.2.3/mcp\"}    | private",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://192.168.1.10\"}    | private",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://169.254.169.254/latest\"} | metadata",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://100.64.0.7\"}      | carrier-grade NAT",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://[::ffff:10.0.0.1]\"} | private",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://[fd00:ec2::254]\"} | metadata",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://0.0.0.0\"}         | address",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/\"} | Teredo",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://mcp.example.com:0/mcp\"} | port",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://0x7f000001/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://017700000001/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://0177.0.0.1/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://[fe80::1%25eth0]/mcp\"} | zone id",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://[fe80::1%eth0]/mcp\"} | zone id",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://127.1/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://2130706433/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://0x7f.0.0.1/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://10.0.0.010/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://evil.0x7f000001/mcp\"} | non-canonical numeric address form",
            "config.endpoint   | \"config\":{\"endpoint\":\"https://0300.0250.0.1/mcp\"} | non-canonical numeric address form",
            "config.transport  | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"transport\":\"websocket\"} | streamable-http",
            "config.timeoutMs  | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"timeoutMs\":0} | at least 1",
            "config.timeoutMs  | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"timeoutMs\":60001} | 60000",
            "config.toolResultMaxChars | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"toolResultMaxChars\":255} | at least 256",
            "config.toolResultMaxChars | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"toolResultMaxChars\":1048577} | hard cap",
            "config.toolResultMaxChars | \"config\":{\"endpoint\":\"https://mcp.example.com\",\"toolResultMaxChars\":-1} | at least 256",
    })
    void invalidConfigurationIsRefusedNamingTheField(String field, String override, String message) {
        asAdmin(org).body(body(override))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_integration_config"))
                .body("error.field", equalTo(field))
                .body("error.message", containsString(message));
    }

    @Test
    void aCredentialOfAnotherOrganisationIsRefusedLikeAnUnknownOne() {
        String foreign = storeBearer(newOrg(), "theirs", "secret-of-another-org");
        for (String credentialId : new String[] { foreign, UUID.randomUUID().toString() }) {
            asAdmin(org).body(body("\"credentialId\":\"" + credentialId + "\""))
                    .post("/organizations/{org}/integrations", org)
                    .then().statusCode(400)
                    .body("error.code", equalTo("invalid_integration_config"))
                    .body("error.field", equalTo("credentialId"))
                    .body("error.message", equalTo("credentialId " + credentialId + " is not a credential of this organisation"));
        }
    }

    @Test
    void wrongTypesUnknownFieldsAndBrokenJsonGetJsonErrors() {
        // A wrong JSON type on an integration field is an invalid integration config naming the field.
        asAdmin(org).body(body("\"config\":{\"endpoint\":\"https://mcp.example.com\",\"timeoutMs\":\"soon\"}"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_integration_config"))
                .body("error.field", equalTo("config.timeoutMs"));
        asAdmin(org).body(body("\"colour\":\"blue\""))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"))
                .body("error.message", containsString("colour"));
        asAdmin(org).body("{\"kind\":\"mcp\",")
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.code", equalTo("malformed_json"));
        asAdmin(org).post("/organizations/{org}/integrations", org)
                .then().statusCode(400).body("error.code", equalTo("invalid_request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f000001", "017700000001", "[fe80::1%25eth0]", "127.1"})
    void aPatchToANonCanonicalNumericHostIsRefusedAndKeepsTheEndpoint(String host) {
        String id = asAdmin(org).body(body("\"slug\":\"patched-" + Math.abs(host.hashCode()) + "\""))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        asAdmin(org).body("{\"config\":{\"endpoint\":\"https://" + host + "/mcp\"}}")
                .patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400).body("error.code", equalTo("invalid_integration_config"))
                .body("error.field", equalTo("config.endpoint"));
        asAdmin(org).get("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(200).body("config.endpoint", equalTo("https://mcp.example.com"));
    }

    @Test
    void everyInvalidFieldIsNamedInOneAnswer() {
        install(org, "taken");
        String foreign = UUID.randomUUID().toString();
        // A bad slug, a non-https endpoint, a timeout of 0, an unknown credential and a line break in
        // the name: one answer names all five (before, each came only after the previous was fixed).
        asAdmin(org).body("""
                {"kind":"mcp","slug":"Bad_Slug","displayName":"two\\nlines","credentialId":"%s",
                 "config":{"endpoint":"http://mcp.example.com","timeoutMs":0}}""".formatted(foreign))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400)
                .body("error.code", equalTo("invalid_integration_config"))
                .body("errors.field", containsInAnyOrder("slug", "config.timeoutMs", "displayName", "config.endpoint",
                        "credentialId"))
                .body("errors.find { it.field == 'config.endpoint' }.message", containsString("https"))
                .body("errors.find { it.field == 'slug' }.message", equalTo("slug must be kebab-case, e.g. support-crm"))
                .body("errors.find { it.field == 'displayName' }.message", containsString("one line"))
                .body("errors.code", everyItem(equalTo("invalid_integration_config")));
        // A slug in use beside a bad endpoint: both, 400 (not every problem is a conflict).
        asAdmin(org).body(ControlPanelApi.integrationJson("taken", "https://10.0.0.1/mcp"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(400)
                .body("errors.code", containsInAnyOrder("invalid_integration_config", "integration_slug_conflict"))
                .body("error.field", equalTo("config.endpoint"));
        // The slug in use alone: the spec's 409, with the field listed too.
        asAdmin(org).body(ControlPanelApi.integrationJson("taken", "https://mcp.example.com/other"))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(409)
                .body("error.code", equalTo("integration_slug_conflict"))
                .body("errors.field", contains("slug"));
        // A PATCH too: every field of the merged result at once.
        String id = install(org, "patched-many");
        asAdmin(org).body("{\"displayName\":\" \",\"config\":{\"endpoint\":\"https://10.0.0.1\",\"timeoutMs\":60001}}")
                .patch("/organizations/{org}/integrations/{id}", org, id)
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("displayName", "config.endpoint", "config.timeoutMs"));
    }

    @Test
    void aRefusedRequestStoresNothing() {
        asAdmin(org).body(body("\"config\":{\"endpoint\":\"https://10.0.0.1\"}"))
                .post("/organizations/{org}/integrations", org).then().statusCode(400);

        assertThat(TestDatabase.query(
                "select count(*) as n from integrations where organization_id = ?", UUID.fromString(org)))
                .first().extracting(r -> ((Number) r.get("n")).intValue()).isEqualTo(0);
    }

    /** A valid request with one field replaced (or added). */
    private static String body(String override) {
        String key = override.substring(0, override.indexOf(':'));
        StringBuilder json = new StringBuilder("{");
        String[][] defaults = {
                { "\"kind\"", "\"kind\":\"mcp\"" },
                { "\"slug\"", "\"slug\":\"valid-slug\"" },
                { "\"displayName\"", "\"displayName\":\"Valid\"" },
                { "\"config\"", "\"config\":{\"endpoint\":\"https://mcp.example.com\"}" } };
        boolean replaced = false;
        for (String[] d : defaults) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (d[0].equals(key)) {
                json.append(override);
                replaced = true;
            } else {
                json.append(d[1]);
            }
        }
        if (!replaced) {
            json.append(',').append(override);
        }
        return json.append('}').toString();
    }
}
