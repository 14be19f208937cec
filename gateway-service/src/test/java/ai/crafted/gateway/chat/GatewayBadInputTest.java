package ai.crafted.gateway.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.testsupport.http.RawHttp;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;
import ai.crafted.testsupport.mcp.ScriptedUpstream;
import ai.crafted.testsupport.mcp.ScriptedUpstreamResource;

/**
 * Malformed chat requests are refused by the gateway with OpenAI's error shape, a stable code and
 * the parameter, and nothing reaches the provider; errors below the routes (unknown URL, wrong
 * method, oversized or unfinished bodies) are JSON too; {@code /v1/models} lists what a wildcard
 * provider serves.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ScriptedUpstreamResource.class)
class GatewayBadInputTest {

    private static final String USER_HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String VALID = "{\"model\":\"m\",\"messages\":" + USER_HI + "}";

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    ApiKeyRegistry apiKeys;

    private final ScriptedUpstream upstream = ScriptedUpstreamResource.upstream();
    private String key;

    @BeforeEach
    void organisationWithAKey() {
        upstream.reset();
        key = GatewayFixtures.apiKey(UUID.randomUUID(), UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> apiKeys.organizationOf(key).isPresent());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // The handed-over values: an OpenAI-compatible upstream crashed on each.
                Arguments.of("{\"model\":\"m\",\"messages\":[null]}", "invalid_type", "messages[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", "empty_array", "messages"),
                Arguments.of("{\"model\":123,\"messages\":" + USER_HI + "}", "invalid_type", "model"),
                // The rest of the kind.
                Arguments.of("{\"model\":[\"m\"],\"messages\":" + USER_HI + "}", "invalid_type", "model"),
                Arguments.of("{\"model\":\" \",\"messages\":" + USER_HI + "}", "invalid_value", "model"),
                Arguments.of("{\"messages\":" + USER_HI + "}", "missing_required_parameter", "model"),
                Arguments.of("{\"model\":null,\"messages\":" + USER_HI + "}", "missing_required_parameter", "model"),
                Arguments.of("{\"model\":\"m\"}", "missing_required_parameter", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":\"hi\"}", "invalid_type", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":{\"role\":\"user\"}}", "invalid_type", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},7]}", "invalid_type", "messages[1]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[[]]}", "invalid_type", "messages[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}]}", "missing_required_parameter", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":1,\"content\":\"hi\"}]}", "invalid_type", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "invalid_value", "messages[0].role"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "invalid_type", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":{}}]}", "invalid_type", "messages[0].content"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"stream\":\"yes\"}", "invalid_type", "stream"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"stream_options\":true}", "invalid_type", "stream_options"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"tools\":\"all\"}", "invalid_type", "tools"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"tools\":[1]}", "invalid_type", "tools[0]"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"plugins\":\"x\"}", "invalid_plugin", "plugins"),
                // Plugin ids are canonical UUIDs in JSON strings: UUID.fromString would read these.
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"plugins\":[\"1-2-3-4-5\"]}", "invalid_plugin", "plugins"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"plugins\":[\"\uFF11\uFF12345678-1234-4234-8234-123456789012\"]}",
                        "invalid_plugin", "plugins"),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + ",\"plugins\":[12345678]}", "invalid_plugin", "plugins"),
                // Not one JSON object.
                Arguments.of("{\"model\":\"a\",\"model\":\"b\",\"messages\":" + USER_HI + "}", "invalid_json", null),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + "} {\"model\":\"n\"}", "invalid_json", null),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI + "} x", "invalid_json", null),
                Arguments.of("{\"model\":\"m\",\"messages\":" + USER_HI, "invalid_json", null),
                Arguments.of("[{\"model\":\"m\"}]", "invalid_json", null),
                Arguments.of("null", "invalid_json", null),
                Arguments.of("\"text\"", "invalid_json", null),
                Arguments.of("", "invalid_json", null));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aMalformedRequestIs400NamingTheParameterAndNothingIsSentUpstream(String body, String code, String param) {
        refusedWithoutReachingTheProvider("/v1/chat/completions", body, code, param);
    }

    /** The body posted to the path is 400 with this code and param, a message, and nothing went upstream. */
    private void refusedWithoutReachingTheProvider(String path, String body, String code, String param) {
        Response response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.jsonPath().getString("error.type")).isEqualTo("invalid_request_error");
        assertThat(response.jsonPath().getString("error.code")).as(body).isEqualTo(code);
        assertThat(response.jsonPath().getString("error.param")).as(body).isEqualTo(param);
        assertThat(response.jsonPath().getString("error.message")).isNotBlank();
        assertThat(upstream.requests()).as("nothing reaches the provider").isEmpty();
    }

    static Stream<Arguments> badResponsesBodies() {
        String input = "\"input\":\"hi\"";
        return Stream.of(
                Arguments.of("{" + input + "}", "missing_required_parameter", "model"),
                Arguments.of("{\"model\":7," + input + "}", "invalid_type", "model"),
                Arguments.of("{\"model\":\"m\"}", "missing_required_parameter", "input"),
                Arguments.of("{\"model\":\"m\",\"input\":7}", "invalid_type", "input"),
                Arguments.of("{\"model\":\"m\",\"input\":[null]}", "invalid_type", "input[0]"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "invalid_value", "input[0].role"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":5}]}", "invalid_type", "input[0].content"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":\"web_search_call\"}]}", "unsupported_item", "input[0].type"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}",
                        "missing_required_parameter", "input[0].call_id"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":3}]}",
                        "invalid_type", "input[0].output"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_nope\"}]}", "item_not_found", "input[0].id"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"previous_response_id\":\"resp_nope\"}", "previous_response_not_found",
                        "previous_response_id"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"max_tokens\":5}", "unknown_parameter", "max_tokens"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"background\":true}", "unsupported_parameter", "background"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"conversation\":\"conv_1\"}", "unsupported_parameter", "conversation"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"stream\":\"yes\"}", "invalid_type", "stream"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"max_output_tokens\":2}", "invalid_value", "max_output_tokens"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":{}}", "invalid_type", "tools"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"web_search\"}]}", "unsupported_tool", "tools[0].type"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"function\"}]}", "missing_required_parameter",
                        "tools[0].name"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\",\"server_url\":"
                        + "\"http://169.254.169.254/mcp\"}]}", "unsupported_parameter", "tools[0].server_url"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\",\"require_approval\":"
                        + "\"always\"}]}", "unsupported_parameter", "tools[0].require_approval"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"not_ours\"}]}",
                        "unknown_server_label", "tools[0].server_label"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\"}]}]}",
                        "missing_required_parameter", "input[0].content[0].text"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"a\"},"
                        + "{\"type\":\"input_audio\"}]}]}", "unsupported_content", "input[0].content[1].type"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"f\"}]}]}",
                        "unsupported_parameter", "input[0].content[0].image_url"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},{\"type\":\"function_call_output\","
                        + "\"call_id\":\"call_nope\",\"output\":\"x\"}]}", "tool_call_not_found", "input[1].call_id"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},{\"type\":\"function_call\","
                        + "\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"}]}", "tool_output_missing", "input"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tools\":[{\"type\":\"mcp\",\"server_label\":\"x\",\"require_approval\":"
                        + "{\"always\":{\"tool_names\":[\"delete\"]}}}]}", "unsupported_parameter", "tools[0].require_approval"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"nope\"}}",
                        "invalid_value", "tool_choice"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tool_choice\":{\"type\":\"mcp\",\"server_label\":\"nope\"}}",
                        "invalid_value", "tool_choice"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"mode\":\"sometimes\","
                        + "\"tools\":[]}}", "invalid_value", "tool_choice"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"tool_choice\":{\"type\":\"file_search\"}}", "invalid_value", "tool_choice"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"text\":{\"format\":{\"type\":\"yaml\"}}}", "invalid_value",
                        "text.format.type"),
                // From the attack on the stack: each was accepted before.
                Arguments.of("{\"model\":\"m\"," + input + ",\"metadata\":{\"a\":[{}]}}", "invalid_type", "metadata.a"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"metadata\":{\"k\":\"" + "v".repeat(513) + "\"}}", "invalid_value",
                        "metadata.k"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"metadata\":{" + java.util.stream.IntStream.range(0, 17)
                        .mapToObj(i -> "\"k" + i + "\":\"v\"").collect(java.util.stream.Collectors.joining(",")) + "}}", "invalid_value", "metadata"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"max_output_tokens\":16.5}", "invalid_value", "max_output_tokens"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"text\":{\"format\":\"json_object\"}}", "invalid_type", "text.format"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"text\":{\"format\":{\"type\":null}}}", "invalid_value", "text.format.type"),
                Arguments.of("{\"model\":\"m\"," + input + ",\"text\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}",
                        "missing_required_parameter", "text.format.name"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":{},\"role\":\"user\",\"content\":\"hi\"}]}", "invalid_type",
                        "input[0].type"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":1,\"content\":\"hi\"}]}", "invalid_type", "input[0].role"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\"}]}", "missing_required_parameter", "input[0].id"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"zzz\"}]}]}",
                        "unsupported_content", "input[0].content[0].type"),
                Arguments.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":5}]}]}",
                        "invalid_type", "input[0].content[0].text"),
                Arguments.of("{\"model\":\"a\",\"model\":\"b\"," + input + "}", "invalid_json", null),
                Arguments.of("[]", "invalid_json", null));
    }

    @ParameterizedTest
    @MethodSource("badResponsesBodies")
    void aMalformedResponsesRequestIs400NamingTheParameterAndNothingIsSentUpstream(String body, String code, String param) {
        refusedWithoutReachingTheProvider("/v1/responses", body, code, param);
    }

    @Test
    void aClientThatHangsUpMidBodyLeavesNoErrorInTheLog() throws Exception {
        // From the attack: each such connection, even without a key, logged an ERROR (anyone could fill the log).
        java.util.List<java.util.logging.LogRecord> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (String path : new String[] {"/v1/responses", "/v1/chat/completions"}) {
                for (int i = 0; i < 3; i++) {
                    try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n400\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(50);
                    }
                }
            }
            Thread.sleep(500);
            assertThat(errors).extracting(java.util.logging.LogRecord::getMessage).isEmpty();
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void everyRouteOfTheOpenApiDocumentIsCoveredAndRefusesTheMethodsItDoesNotDeclare() {
        // The bad bodies above go to the one body-taking route; a new route fails here until it is covered.
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, Set<String>> declared = new TreeMap<>();
        paths.forEach((path, operations) -> declared.put(path, operations.keySet()));
        assertThat(declared).containsOnlyKeys("/v1/chat/completions", "/v1/models", "/v1/responses", "/v1/responses/{id}",
                "/v1/responses/{id}/cancel", "/v1/responses/{id}/input_items");
        // The document states what the routes answer (it said 201 and 204 before they were annotated).
        assertThat(given().queryParam("format", "json").get("/q/openapi").jsonPath()
                .getMap("paths.'/v1/chat/completions'.post.responses")).containsKey("200").doesNotContainKey("201");
        assertThat(given().queryParam("format", "json").get("/q/openapi").jsonPath()
                .getMap("paths.'/v1/models'.get.responses")).containsKey("200").doesNotContainKey("204");
        assertThat(declared.entrySet().stream().filter(e -> e.getValue().contains("post")).map(Map.Entry::getKey))
                .as("routes that take a body (cancel takes none)").containsExactlyInAnyOrder("/v1/chat/completions",
                        "/v1/responses", "/v1/responses/{id}/cancel");
        for (var route : declared.entrySet()) {
            for (String method : new String[] {"get", "post", "put", "patch", "delete"}) {
                if (!route.getValue().contains(method)) {
                    String path = route.getKey().replace("{id}", "resp_0");
                    Response response = given().header("Authorization", "Bearer " + key).request(method.toUpperCase(), path);
                    assertThat(response.statusCode()).as(method + " " + route.getKey()).isEqualTo(405);
                    assertThat(response.jsonPath().getString("error.code")).isEqualTo("method_not_allowed");
                }
            }
        }
    }

    @Test
    void invalidUtf8IsMalformedJson() {
        byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\u00ff\"}]}".getBytes(StandardCharsets.ISO_8859_1);
        Response response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(body).post("/v1/chat/completions");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error.code")).isEqualTo("invalid_json");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aWellFormedRequestStillReachesTheProvider() {
        // The rules must not refuse what OpenAI accepts: roles, content parts, null content with tool calls.
        String body = "{\"model\":\"m\",\"stream\":false,\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]}";
        Response response = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(body).post("/v1/chat/completions");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void twoAuthorizationHeadersAreRefusedEvenWhenTheFirstKeyIsValid() {
        String answer = RawHttp.exchange("127.0.0.1", gateway.getPort(), "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nAuthorization: Bearer " + key + "\r\nAuthorization: Bearer crk_x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + VALID.length() + "\r\n\r\n" + VALID);
        assertThat(RawHttp.status(answer)).isEqualTo(401);
        assertThat(answer).contains("\"code\":\"invalid_api_key\"").contains("send one Authorization header");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void otherMethodsOnTheGatewayPathsAre405InOpenAiShapeWithAllow() {
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            Response response = given().header("Authorization", "Bearer " + key).request(method, "/v1/chat/completions");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("POST");
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.jsonPath().getString("error.code")).isEqualTo("method_not_allowed");
        }
        Response response = given().header("Authorization", "Bearer " + key).post("/v1/models");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
    }

    @Test
    void anEchoedPathCannotReorderOrBreakTheMessage() {
        Response response = given().header("Authorization", "Bearer " + key).urlEncodingEnabled(false)
                .get("/v1/%E2%80%AEtxt.exe%00%EF%BF%BF/" + "x".repeat(3000));
        assertThat(response.statusCode()).isEqualTo(404);
        String message = response.jsonPath().getString("error.message");
        assertThat(message).contains("txt.exe").doesNotContain("\u202E", "\u0000", "\uFFFF")
                .hasSizeLessThanOrEqualTo(OpenAiErrors.MESSAGE_LIMIT + 1).endsWith("…");
    }

    @Test
    void unknownPathsAre404InOpenAiShape() {
        for (String path : new String[] {"/v1/completion", "/v1/chat/completions/extra", "/v2/chat/completions", "/nothing"}) {
            Response response = given().header("Authorization", "Bearer " + key).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.contentType()).as(path).startsWith("application/json");
            assertThat(response.jsonPath().getString("error.code")).isEqualTo("unknown_url");
            assertThat(response.jsonPath().getString("error.type")).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void aFormBodyIs415InOpenAiShapeBeforeItIsDecoded() {
        // curl -d without -H 'Content-Type: application/json' sends JSON as a form; over 2 KiB it was a bare 500.
        String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(4096) + "\"}]}";
        Map<String, String> bodies = Map.of("application/x-www-form-urlencoded", json, "application/x-www-form-urlencoded; charset=UTF-8",
                "{}", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                        + "y".repeat(4096) + "\r\n--b--\r\n");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            // RestAssured encodes multipart bodies itself unless told to send the text as it is.
            Response response = given().config(io.restassured.RestAssured.config().encoderConfig(
                            io.restassured.config.EncoderConfig.encoderConfig().encodeContentTypeAs("multipart/form-data",
                                    io.restassured.http.ContentType.TEXT)))
                    .header("Authorization", "Bearer " + key).contentType(body.getKey()).body(body.getValue())
                    .post("/v1/chat/completions");
            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(415);
            assertThat(response.jsonPath().getString("error.code")).isEqualTo("unsupported_media_type");
            assertThat(response.jsonPath().getString("error.type")).isEqualTo("invalid_request_error");
            assertThat(response.jsonPath().getString("error.message")).contains("Content-Type: application/json");
        }
        // Without authentication too: the body is refused before anything else reads it.
        given().contentType("application/x-www-form-urlencoded").body(json).post("/v1/chat/completions").then().statusCode(415);
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void twoContentTypesAreRefused() {
        String answer = RawHttp.exchange("127.0.0.1", gateway.getPort(), "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(RawHttp.status(answer)).isEqualTo(400);
        assertThat(answer).contains("one Content-Type header");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AsJsonBeforeItIsRead() {
        String answer = RawHttp.exchange("127.0.0.1", gateway.getPort(), "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (11 * 1024 * 1024) + "\r\n\r\n{");
        assertThat(RawHttp.status(answer)).isEqualTo(413);
        assertThat(answer).contains("\"code\":\"payload_too_large\"");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aBodyThatNeverArrivesIs408AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void modelsListsWhatTheWildcardProviderServesAndAsksItOnceWithinTheCacheTime() {
        int before = upstream.modelListRequests();
        for (int i = 0; i < 3; i++) {
            Response response = given().header("Authorization", "Bearer " + key).get("/v1/models");
            assertThat(response.statusCode()).isEqualTo(200);
            // The named provider's explicit model first, then what the wildcard (default) one lists.
            assertThat(response.jsonPath().getList("data.id", String.class)).containsExactly(
                    ScriptedUpstreamResource.NATIVE_MODEL, ScriptedUpstream.MODELS.get(0), ScriptedUpstream.MODELS.get(1));
            assertThat(response.jsonPath().getList("data.owned_by", String.class)).containsExactly("native", "default", "default");
        }
        assertThat(upstream.modelListRequests() - before).as("GET /models asked at most once (cached)").isLessThanOrEqualTo(1);
    }
}
