package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.integrations.ApiRoutes;
import ai.crafted.integrations.ApiRoutes.Route;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * Every route, swept from the OpenAPI document: a method it does not serve is 405 with an
 * {@code Allow} naming the ones it does (never 404, whichever resource class the path falls in),
 * and a body that is not declared JSON (a form with a field over Vert.x's 2 KiB form limit, a
 * multipart body, plain text, no Content-Type at all) is 415 in the API's JSON shape, nothing
 * written.
 */
@QuarkusTest
class MethodsAndMediaTypesTest {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final String org = newOrg();
    private Map<String, String> ids;

    @BeforeEach
    void records() {
        ids = ValidBodies.existingRecords(org);
    }

    @Test
    void aMethodARouteDoesNotServeIs405NamingTheOnesItDoes() {
        Map<String, Set<String>> served = ApiRoutes.all().stream().collect(Collectors.groupingBy(Route::template,
                Collectors.mapping(r -> r.method().toUpperCase(), Collectors.toCollection(TreeSet::new))));
        int checked = 0;
        for (Map.Entry<String, Set<String>> route : served.entrySet()) {
            String path = new Route("get", route.getKey(), false).path(org, ids);
            for (String method : METHODS) {
                if (route.getValue().contains(method)) {
                    continue;
                }
                Response response = asAdmin(org).body("{}").request(method, path);
                String what = method + " " + route.getKey();
                assertThat(response.statusCode()).as(what).isEqualTo(405);
                assertThat(response.jsonPath().getString("error.code")).as(what).isEqualTo("method_not_allowed");
                assertThat(Set.of(response.header("Allow").split(", "))).as(what).containsAll(route.getValue());
                checked++;
            }
        }
        // The given values: a wrong method on …/refresh, …/parked-messages and a conversation answered 404 before.
        assertThat(served.keySet()).contains("/organizations/{organizationId}/integrations/{integrationId}/refresh",
                "/organizations/{organizationId}/whatsapp-apps/{appId}/parked-messages",
                "/organizations/{organizationId}/whatsapp-apps/{appId}/conversations/{conversationId}");
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void aBodyNotDeclaredJsonIs415OnEveryRouteThatTakesOneAndWritesNothing() {
        List<Route> withBody = ApiRoutes.all().stream().filter(Route::hasBody).toList();
        assertThat(withBody).hasSizeGreaterThanOrEqualTo(7);
        String before = snapshot();
        String longField = "name=" + "x".repeat(4096);
        Map<String, String> bodies = Map.of(
                "application/x-www-form-urlencoded", longField,
                "application/x-www-form-urlencoded; charset=UTF-8", "a=1",
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                        + "y".repeat(4096) + "\r\n--b--\r\n",
                "text/plain", "{\"name\":\"k\"}",
                "application/jsonx", "{\"name\":\"k\"}");
        for (Route route : withBody) {
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                assertUnsupported(send(route.method().toUpperCase(), route.path(org, ids), body.getKey(), body.getValue()),
                        route + " as " + body.getKey());
            }
            // No Content-Type at all (java.net.http sets none of its own).
            assertUnsupported(send(route.method().toUpperCase(), route.path(org, ids), null, ValidBodies.of(route)),
                    route + " without Content-Type");
        }
        assertThat(snapshot()).as("rows and events unchanged").isEqualTo(before);
        // A JSON type with parameters, or a +json one, is still JSON.
        asAdmin(org).contentType("application/json; charset=utf-8").body("{\"name\":\"k\"}")
                .post("/organizations/{org}/api-keys", org).then().statusCode(201);
    }

    @Test
    void twoContentTypeHeadersAreRefused() {
        String twoTypes = ai.crafted.testsupport.http.RawHttp.exchange("127.0.0.1", port, "POST /organizations/" + org
                + "/api-keys HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + DevTokens.admin(org)
                + "\r\nX-Org-Id: " + org + "\r\nContent-Type: application/json\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nContent-Length: 12\r\n\r\n{\"name\":\"k\"}");
        assertThat(ai.crafted.testsupport.http.RawHttp.status(twoTypes)).isEqualTo(400);
        assertThat(twoTypes).contains("one Content-Type header");
    }

    @Test
    void aWriteWithoutABodyNeedsNoContentType() {
        String key = asAdmin(org).body("{\"name\":\"k\"}").post("/organizations/{org}/api-keys", org).then().statusCode(201)
                .extract().path("id");
        assertThat(send("DELETE", "/organizations/" + org + "/api-keys/" + key, null, null).statusCode()).isEqualTo(204);
    }

    private static void assertUnsupported(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).as(what).contains("\"code\":\"unsupported_media_type\"");
    }

    /** Sends exactly the Content-Type given (none for null), which RestAssured would encode or add to. */
    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + DevTokens.admin(org)).header("X-Org-Id", org)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String snapshot() {
        StringBuilder rows = new StringBuilder();
        for (String table : List.of("integrations", "credentials", "api_keys", "whatsapp_apps")) {
            rows.append(TestDatabase.query("select * from " + table + " where organization_id = ? order by id", UUID.fromString(org)));
        }
        return rows.append(TestDatabase.query("select count(*) as n from outbox_events")).toString();
    }
}
