package ai.crafted.integrations;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The control-panel API's routes as its OpenAPI document lists them, so tests cover every route
 * (a new one included) without a hand-written list. Call it once Quarkus runs (RestAssured needs
 * the port).
 */
public final class ApiRoutes {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** One operation: its method, path template and whether the document declares a request body. */
    public record Route(String method, String template, boolean hasBody) {

        public boolean writes() {
            return !method.equals("get");
        }

        /** The path with {organizationId} and the other parameters (by name) filled in; unknown names get a random UUID. */
        public String path(String organizationId, Map<String, String> ids) {
            String path = template.replace("{organizationId}", organizationId);
            for (var id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + template;
        }
    }

    private ApiRoutes() {
    }

    @SuppressWarnings("unchecked")
    public static List<Route> all() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Route> routes = new ArrayList<>();
        paths.forEach((template, operations) -> METHODS.stream().filter(operations::containsKey)
                .forEach(method -> routes.add(new Route(method, template,
                        ((Map<String, Object>) operations.get(method)).containsKey("requestBody")))));
        return routes;
    }

    /** The GET routes that take {@code page} and {@code size}: every list of the API. */
    @SuppressWarnings("unchecked")
    public static List<Route> lists() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Route> lists = new ArrayList<>();
        paths.forEach((template, operations) -> {
            Map<String, Object> get = (Map<String, Object>) operations.get("get");
            List<Map<String, Object>> parameters = get == null ? null : (List<Map<String, Object>>) get.get("parameters");
            if (parameters != null && parameters.stream().anyMatch(p -> "page".equals(p.get("name")) && "query".equals(p.get("in")))) {
                lists.add(new Route("get", template, false));
            }
        });
        return lists;
    }
}
