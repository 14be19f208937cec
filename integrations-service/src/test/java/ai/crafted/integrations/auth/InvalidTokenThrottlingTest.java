package ai.crafted.integrations.auth;

import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.http.RawHttp;

/** A client guessing tokens is slowed down: 429 with Retry-After once its failures are used up. */
@QuarkusTest
@TestProfile(InvalidTokenThrottlingTest.FiveFailures.class)
class InvalidTokenThrottlingTest {

    /** The other tests send many invalid tokens from 127.0.0.1: only this one runs with a low limit. */
    public static class FiveFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("integrations.auth-limit.failures", "5");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aClientThatKeepsPresentingInvalidTokensGets429AndItsValidTokenWaitsToo() {
        String org = newOrg();
        int unauthorized = 0;
        String answer = "";
        for (int i = 0; i < 40 && !answer.startsWith("HTTP/1.1 429"); i++) {
            answer = RawHttp.exchange("127.0.0.4", port, request(org, "not-a-token-" + i));
            if (RawHttp.status(answer) == 401) {
                unauthorized++;
            }
        }
        assertThat(unauthorized).as("failures allowed before throttling (%test: 5)").isEqualTo(5);
        assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:").contains("too_many_requests");
        // While throttled, even a valid token from that client is not looked at; another client is fine.
        assertThat(RawHttp.status(RawHttp.exchange("127.0.0.4", port, request(org, DevTokens.admin(org))))).isEqualTo(429);
        assertThat(RawHttp.status(RawHttp.exchange("127.0.0.5", port, request(org, DevTokens.admin(org))))).isEqualTo(200);
    }

    private static String request(String org, String token) {
        return "GET /organizations/" + org + "/integrations HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + token + "\r\nX-Org-Id: " + org + "\r\n\r\n";
    }
}
