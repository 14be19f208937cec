package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.crafted.testsupport.http.RawHttp;
import ai.crafted.testsupport.kafka.KafkaBrokerResource;

/** A client guessing API keys is slowed down: 429 with Retry-After once its failures are used up. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(InvalidKeyThrottlingTest.FiveFailures.class)
class InvalidKeyThrottlingTest {

    /** The other tests send invalid keys from 127.0.0.1: only this one runs with a low limit. */
    public static class FiveFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth-limit.failures", "5");
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aClientThatKeepsPresentingInvalidKeysGets429WithRetryAfterAndOtherClientsDoNot() {
        int port = gateway.getPort();
        String guessing = "127.0.0.2";
        int unauthorized = 0;
        String answer = "";
        for (int i = 0; i < 40 && !answer.startsWith("HTTP/1.1 429"); i++) {
            answer = RawHttp.exchange(guessing, port, request("crk_guess" + i));
            if (RawHttp.status(answer) == 401) {
                unauthorized++;
            }
        }
        assertThat(unauthorized).as("failures allowed before throttling (%test: 5)").isEqualTo(5);
        assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:").contains("rate_limit_exceeded");
        // Another client is not affected.
        assertThat(RawHttp.status(RawHttp.exchange("127.0.0.3", port, request("crk_other")))).isEqualTo(401);
    }

    private static String request(String key) {
        String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }
}
