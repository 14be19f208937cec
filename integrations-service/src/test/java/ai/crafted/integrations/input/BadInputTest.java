package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.integrations.ApiRoutes.Route;
import ai.crafted.integrations.ApiRoutes;
import ai.crafted.testsupport.input.JsonPaths;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * Every JSON endpoint of the control panel, enumerated from the OpenAPI document, gets each kind
 * of bad input (broken JSON, duplicate keys, trailing content, wrong JSON types, NUL and other
 * control characters, over-long strings, huge arrays, unknown fields, wrong body shapes) in every
 * field of a valid body, and must answer 4xx with a stable JSON error code and write nothing.
 */
@QuarkusTest
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CODES = Set.of("invalid_request", "malformed_json", "invalid_integration_config",
            "invalid_credential", "invalid_whatsapp_app", "not_found", "unsupported_media_type", "payload_too_large");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String org = newOrg();
    private Map<String, String> ids;

    @BeforeEach
    void records() {
        ids = ValidBodies.existingRecords(org);
    }

    @Test
    void everyKindOfBadBodyIsRefusedWith4xxAndWritesNothing() throws Exception {
        List<Route> withBody = ApiRoutes.all().stream().filter(Route::hasBody).toList();
        assertThat(withBody).hasSizeGreaterThanOrEqualTo(7);
        String before = snapshot();
        int sent = 0;
        for (Route route : withBody) {
            String valid = ValidBodies.of(route);
            assertThat(valid).as("a valid sample body for " + route).isNotNull();
            for (Map.Entry<String, String> bad : badBodies(valid).entrySet()) {
                assertRefused(route, bad.getKey(), bad.getValue());
                sent++;
            }
        }
        assertThat(sent).isGreaterThan(200);
        assertThat(snapshot()).as("rows and events unchanged").isEqualTo(before);
    }

    @Test
    void badPagingIsA400NamingTheParameter() {
        List<Route> lists = ApiRoutes.lists();
        // Every list pages: the credential, API key, app and conversation lists were once unbounded or cut at 50.
        assertThat(lists.stream().map(Route::template).toList()).contains("/organizations/{organizationId}/integrations",
                "/organizations/{organizationId}/credentials", "/organizations/{organizationId}/api-keys",
                "/organizations/{organizationId}/whatsapp-apps", "/organizations/{organizationId}/whatsapp-apps/{appId}/conversations",
                "/organizations/{organizationId}/whatsapp-apps/{appId}/parked-messages");
        // Other scripts' digits (fullwidth, Arabic-Indic, Devanagari), signs, spaces, repeats.
        for (String query : List.of("size=abc", "page=abc", "page=-1", "size=0", "size=201", "page=2147483647",
                "page=10737419&size=200", "size=1.5", "page=%00", "page=%EF%BC%91", "size=%D9%A1%D9%A0", "page=%E0%A5%A7",
                "page=%2B1", "size=+5", "page=%201", "size=5%20", "page=1&page=2", "size=5&size=5", "page=99999999999999999999",
                "page=", "size=", "page=&page=1")) {
            for (Route route : lists) {
                String list = route.path(org, ids);
                Response response = asAdmin(org).urlEncodingEnabled(false).get(list + "?" + query);
                assertThat(response.statusCode()).as(list + "?" + query).isEqualTo(400);
                assertThat(response.jsonPath().getString("error.code")).as(query).isEqualTo("invalid_request");
                assertThat(response.jsonPath().getString("error.field")).as(query).isIn("page", "size");
            }
        }
        assertThat(asAdmin(org).get("/organizations/{org}/integrations?page=0007&size=007", org).statusCode()).isEqualTo(200);
    }

    /**
     * Every route with a record id in its path, given the id of a record that exists written in a
     * form UUID.fromString reads as the same id (a fullwidth digit, no leading zeros, braces,
     * upper-case is canonical and allowed): no such resource, nothing written. The organisation's
     * own id written so is refused too.
     */
    @Test
    void nonCanonicalIdsNameNoRecordOnAnyRoute() {
        Map<String, String> existing = new java.util.HashMap<>(ids);
        existing.put("apiKeyId", asAdmin(org).body("{\"name\":\"canonical\"}").post("/organizations/{org}/api-keys", org)
                .then().statusCode(201).extract().path("id"));
        String before = snapshot();
        int sent = 0;
        for (Route route : ApiRoutes.all()) {
            for (String parameter : existing.keySet()) {
                if (!route.template().contains("{" + parameter + "}")) {
                    continue;
                }
                String id = existing.get(parameter);
                for (String variant : List.of(fullwidthVersionDigit(id), withoutLeadingZeros(id), "%7B" + id + "%7D", id + "%00",
                        id + ";x=1", id + ";")) {
                    Map<String, String> filled = new java.util.HashMap<>(existing);
                    filled.put(parameter, variant);
                    Response response = request(route, route.path(org, filled));
                    String what = route + " with " + parameter + " " + variant;
                    assertThat(response.statusCode()).as(what).isEqualTo(404);
                    assertThat(response.jsonPath().getString("error.code")).as(what).isEqualTo("not_found");
                    sent++;
                }
            }
            if (route.template().startsWith("/organizations/{organizationId}")) {
                assertThat(request(route, route.path(org + ";a=b", existing)).statusCode())
                        .as(route + " with a matrix parameter on the organisation").isIn(403, 404);
                String path = route.path(fullwidthVersionDigit(org), existing);
                Response response = request(route, path);
                assertThat(response.statusCode()).as(route + " with the organisation id in fullwidth digits").isIn(403, 404);
            }
        }
        assertThat(sent).isGreaterThan(40);
        assertThat(snapshot()).as("rows and events unchanged").isEqualTo(before);
        assertThat(asAdmin(org).get("/organizations/{org}/integrations/{id}", org, ids.get("integrationId").toUpperCase())
                .statusCode()).as("upper-case hex is the canonical form too").isEqualTo(200);
    }

    @Test
    void uuidFieldsOfABodyTakeOnlyTheCanonicalForm() {
        String credential = ids.get("credentialId");
        UUID id = UUID.fromString(credential);
        String base64 = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array());
        String before = snapshot();
        for (String variant : List.of(base64, withoutLeadingZeros(credential), fullwidthVersionDigit(credential))) {
            Response patch = asAdmin(org).body("{\"credentialId\":\"" + variant + "\"}")
                    .patch("/organizations/{org}/integrations/{id}", org, ids.get("integrationId"));
            assertThat(patch.statusCode()).as(variant).isEqualTo(400);
            assertThat(patch.jsonPath().getString("error.field")).as(variant).isEqualTo("credentialId");
            assertThat(patch.jsonPath().getString("error.message")).as(variant).contains("must be a UUID");
            Response selection = asAdmin(org).body("{\"mcpPluginIds\":[\"" + withoutLeadingZeros(ids.get("integrationId")) + "\"]}")
                    .patch("/organizations/{org}/whatsapp-apps/{id}", org, ids.get("appId"));
            assertThat(selection.statusCode()).as(variant).isEqualTo(400);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    private Response request(Route route, String path) {
        var request = asAdmin(org).urlEncodingEnabled(false);
        if (route.hasBody()) {
            request = request.body(ValidBodies.of(route));
        }
        return request.request(route.method(), path);
    }

    /** The id with its version digit (position 14, always a digit) in fullwidth form, percent-encoded. */
    private static String fullwidthVersionDigit(String id) {
        char digit = id.charAt(14);
        String fullwidth = new String(Character.toChars(0xFF10 + (digit - '0')));
        return id.substring(0, 14) + java.net.URLEncoder.encode(fullwidth, java.nio.charset.StandardCharsets.UTF_8)
                + id.substring(15);
    }

    /** The id with a field shortened ("0a1b2c3d-..." → "a1b2c3d-...", or one field written with a leading zero more). */
    private static String withoutLeadingZeros(String id) {
        String[] fields = id.split("-");
        fields[0] = fields[0].startsWith("0") ? fields[0].substring(1) : "0" + fields[0];
        return String.join("-", fields);
    }

    @Test
    void theHandedOverValuesAreRefusedOnPostAndPatchAlike() {
        String integration = ids.get("integrationId");
        for (String config : List.of("{\"endpoint\":\"https://mcp.example.com\",\"timeoutMs\":1.5}",
                "{\"endpoint\":\"https://mcp.example.com\",\"timeoutMs\":\"5000\"}")) {
            Response post = asAdmin(org).body("{\"kind\":\"mcp\",\"slug\":\"typed\",\"displayName\":\"T\",\"config\":" + config + "}")
                    .post("/organizations/{org}/integrations", org);
            Response patch = asAdmin(org).body("{\"config\":" + config + "}")
                    .patch("/organizations/{org}/integrations/{id}", org, integration);
            for (Response response : List.of(post, patch)) {
                assertThat(response.statusCode()).as(config).isEqualTo(400);
                assertThat(response.jsonPath().getString("error.code")).isEqualTo("invalid_integration_config");
                assertThat(response.jsonPath().getString("error.field")).isEqualTo("config.timeoutMs");
            }
        }
        Response named = asAdmin(org).body("{\"name\":123}").post("/organizations/{org}/api-keys", org);
        assertThat(named.statusCode()).isEqualTo(400);
        assertThat(named.jsonPath().getString("error.field")).isEqualTo("name");
        Response secret = asAdmin(org).body("{\"name\":\"n\",\"type\":\"bearer\",\"secret\":true}")
                .post("/organizations/{org}/credentials", org);
        assertThat(secret.jsonPath().getString("error.code")).isEqualTo("invalid_credential");
        for (String header : List.of("Upgrade", "TE", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Set-Cookie",
                "Accept-Encoding", "X-Forwarded-For", "Forwarded")) {
            Response hop = asAdmin(org).body("{\"name\":\"hop-" + header + "\",\"type\":\"header\",\"headerName\":\""
                    + header + "\",\"secret\":\"s\"}").post("/organizations/{org}/credentials", org);
            assertThat(hop.statusCode()).as(header).isEqualTo(400);
            assertThat(hop.jsonPath().getString("error.field")).isEqualTo("headerName");
        }
        Response emptyPatch = asAdmin(org).body("{}").patch("/organizations/{org}/whatsapp-apps/{id}", org, ids.get("appId"));
        assertThat(emptyPatch.statusCode()).isEqualTo(400);
        Response nullName = asAdmin(org).body("{\"displayName\":null}")
                .patch("/organizations/{org}/whatsapp-apps/{id}", org, ids.get("appId"));
        assertThat(nullName.statusCode()).isEqualTo(400);
        assertThat(nullName.jsonPath().getString("error.field")).isEqualTo("displayName");
    }

    /** Each kind of bad input, applied to every field the valid body has. */
    private static Map<String, String> badBodies(String valid) throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("broken JSON", valid.substring(0, valid.length() / 2));
        bad.put("trailing content", valid + " {\"more\":1}");
        bad.put("two values", valid + valid);
        bad.put("duplicate key", "{\"" + firstKey(valid) + "\":null," + valid.trim().substring(1));
        bad.put("array body", "[" + valid + "]");
        bad.put("string body", "\"text\"");
        bad.put("null body", "null");
        bad.put("unknown field", "{\"colour\":\"blue\"," + valid.trim().substring(1));
        bad.put("invalid UTF-8", "{\"" + firstKey(valid) + "\":\"\u00c3(\"}");
        ObjectNode tree = (ObjectNode) JSON.readTree(valid);
        for (String path : JsonPaths.of(tree, true)) {
            JsonNode leaf = JsonPaths.at(tree, path);
            if (leaf.isTextual()) {
                bad.put(path + " with NUL", mutate(tree, path, v -> NODES.textNode("a\u0000b")));
                bad.put(path + " with a control character", mutate(tree, path, v -> NODES.textNode("a\u0007b")));
                if (!path.endsWith("description") && !path.endsWith("systemPrompt")) {
                    // The multi-line fields take line breaks, U+2028/U+2029 included.
                    bad.put(path + " with a line separator", mutate(tree, path, v -> NODES.textNode("a\u2028\u2029b")));
                }
                bad.put(path + " with a bidi override", mutate(tree, path, v -> NODES.textNode("admin\u202Etxt.exe")));
                bad.put(path + " with a noncharacter", mutate(tree, path, v -> NODES.textNode("a\uFFFFb")));
                // A JSON escape of a lone surrogate (RestAssured would turn a raw one into "?").
                bad.put(path + " with an unpaired surrogate", mutate(tree, path, v -> NODES.textNode("a@LONE@b"))
                        .replace("@LONE@", "\\uD800"));
                bad.put(path + " of 100001 characters", mutate(tree, path, v -> NODES.textNode("x".repeat(100_001))));
                bad.put(path + " as a number", mutate(tree, path, v -> NODES.numberNode(123)));
                bad.put(path + " as true", mutate(tree, path, v -> NODES.booleanNode(true)));
                bad.put(path + " as an object", mutate(tree, path, v -> NODES.objectNode()));
            } else if (leaf.isNumber()) {
                bad.put(path + " as a string", mutate(tree, path, v -> NODES.textNode("5000")));
                bad.put(path + " as a fraction", mutate(tree, path, v -> NODES.numberNode(1.5)));
                bad.put(path + " out of range", mutate(tree, path, v -> NODES.numberNode(99_999_999_999L)));
            } else if (leaf.isArray()) {
                bad.put(path + " with 100000 items", mutate(tree, path, v -> {
                    ArrayNode many = NODES.arrayNode();
                    for (int i = 0; i < 100_000; i++) {
                        many.add(UUID.randomUUID().toString());
                    }
                    return many;
                }));
                bad.put(path + " with a null item", mutate(tree, path, v -> NODES.arrayNode().addNull()));
                bad.put(path + " as a string", mutate(tree, path, v -> NODES.textNode("x")));
            }
        }
        return bad;
    }

    private void assertRefused(Route route, String kind, String body) {
        // Sent as ISO-8859-1 bytes for the invalid-UTF-8 case: "\u00c3(" becomes the bytes C3 28.
        byte[] bytes = kind.equals("invalid UTF-8") ? body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Response response = asAdmin(org).body(bytes).request(route.method(), route.path(org, ids));
        String what = route + " with " + kind;
        assertThat(response.statusCode()).as(what).isBetween(400, 499);
        assertThat(response.contentType()).as(what).startsWith("application/json");
        assertThat(response.jsonPath().getString("error.code")).as(what).isIn(CODES);
        assertThat(response.jsonPath().getString("error.message")).as(what).isNotBlank();
    }

    private String snapshot() {
        StringBuilder rows = new StringBuilder();
        UUID organization = UUID.fromString(org);
        for (String table : List.of("integrations", "credentials", "api_keys", "whatsapp_apps")) {
            rows.append(TestDatabase.query("select * from " + table + " where organization_id = ? order by id", organization));
        }
        rows.append(TestDatabase.query("select * from organizations where id = ?", organization));
        rows.append(TestDatabase.query("select count(*) as n from outbox_events"));
        return rows.toString();
    }

    private static String firstKey(String json) throws Exception {
        return JSON.readTree(json).fieldNames().next();
    }

    private static String mutate(ObjectNode tree, String path, Function<JsonNode, JsonNode> change) {
        return JsonPaths.with(tree, path, change.apply(JsonPaths.at(tree, path))).toString();
    }
}
