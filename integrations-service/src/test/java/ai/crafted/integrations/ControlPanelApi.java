package ai.crafted.integrations;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.postgres.TestDatabase;

/** Request builders for the control-panel API, authenticated the way a real client is. */
public final class ControlPanelApi {

    private ControlPanelApi() {
    }

    public static String newOrg() {
        return UUID.randomUUID().toString();
    }

    public static RequestSpecification asAdmin(String org) {
        return given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    public static RequestSpecification asViewer(String org) {
        return given().auth().oauth2(DevTokens.viewer(org)).header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    public static String integrationJson(String slug, String endpoint) {
        return """
                {"kind":"mcp","slug":"%s","displayName":"Plugin %s",
                 "config":{"endpoint":"%s"}}""".formatted(slug, slug, endpoint);
    }

    /** Installs an integration and returns its id. */
    public static String install(String org, String slug) {
        return asAdmin(org).body(integrationJson(slug, "https://mcp.example.com/" + slug))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201).extract().path("id");
    }

    /** Stores a bearer credential and returns its id. */
    /** How many events the outbox holds for this topic and record key (published ones included). */
    public static long outboxEvents(String topic, String key) {
        return ((Number) TestDatabase.query("select count(*) as n from outbox_events where topic = ? and message_key = ?",
                topic, key).get(0).get("n")).longValue();
    }

    public static String storeBearer(String org, String name, String secret) {
        return asAdmin(org).body("""
                {"name":"%s","type":"bearer","secret":"%s"}""".formatted(name, secret))
                .post("/organizations/{org}/credentials", org)
                .then().statusCode(201).extract().path("id");
    }
}
