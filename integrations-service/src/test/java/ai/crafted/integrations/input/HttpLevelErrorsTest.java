package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import ai.crafted.testsupport.auth.DevTokens;

/** Failures below JAX-RS get the API's JSON error shape too. */
@QuarkusTest
class HttpLevelErrorsTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aBodyOverTheLimitIs413AsJson() {
        String org = newOrg();
        Response response = asAdmin(org).body("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/organizations/{org}/api-keys", org);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.jsonPath().getString("error.code")).isEqualTo("payload_too_large");
    }

    @Test
    void frameworkLevelRefusalsSpeakTheApisOwnWords() {
        String org = newOrg();
        Response notAnId = asAdmin(org).get("/organizations/{org}/integrations/not-a-uuid", org);
        assertThat(notAnId.statusCode()).isEqualTo(404);
        assertThat(notAnId.jsonPath().getString("error.code")).isEqualTo("not_found");
        assertThat(notAnId.jsonPath().getString("error.message")).contains("ids are UUIDs").doesNotContain("HTTP 404");

        Response wrongMethod = asAdmin(org).body("{}").put("/organizations/{org}/integrations", org);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.jsonPath().getString("error.code")).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");

        Response plainText = asAdmin(org).contentType("text/plain").body("hello").post("/organizations/{org}/api-keys", org);
        assertThat(plainText.statusCode()).isEqualTo(415);
        assertThat(plainText.jsonPath().getString("error.message")).isEqualTo("the request body must be application/json");

        Response xml = asAdmin(org).accept("application/xml").get("/organizations/{org}/integrations", org);
        assertThat(xml.statusCode()).isEqualTo(406);
        assertThat(xml.body().asString()).contains("application/json only").doesNotContain("@Produces");
    }

    @Test
    void anEchoedPathCannotReorderOrBreakTheMessage() {
        String org = newOrg();
        Response response = asAdmin(org).urlEncodingEnabled(false)
                .get("/organizations/" + org + "/integrations/%E2%80%AEtxt.exe%00%EF%BF%BF%0Aline/" + "x".repeat(3000));
        assertThat(response.statusCode()).isEqualTo(404);
        String message = response.jsonPath().getString("error.message");
        assertThat(message).contains("\\u202Etxt.exe\\u0000\\uFFFF\\u000Aline").doesNotContain("\u202E", "\u0000", "\uFFFF", "\n")
                .hasSizeLessThan(ai.crafted.integrations.error.ErrorResponse.MESSAGE_LIMIT + 100).endsWith("…");
    }

    @Test
    void aLongUrlAndHugeHeadersAreRefusedByTheCodec() {
        // The HTTP codec answers these before any handler (no body: Quarkus has no hook, quarkus#55082).
        assertThat(given().get("/organizations/" + "x".repeat(10_000)).statusCode()).isEqualTo(414);
        assertThat(given().header("X-Big", "y".repeat(40_000)).get("/organizations/x/integrations").statusCode())
                .isEqualTo(431);
    }

    @Test
    void aBodyThatNeverArrivesIsAnsweredWith408AndTheConnectionClosed() throws Exception {
        String org = newOrg();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /organizations/" + org + "/api-keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + DevTokens.admin(org) + "\r\nX-Org-Id: " + org + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"name\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
            assertThat((System.nanoTime() - start) / 1_000_000).as("answered after the 2 s test limit").isBetween(1500L, 12_000L);
        }
    }
}
