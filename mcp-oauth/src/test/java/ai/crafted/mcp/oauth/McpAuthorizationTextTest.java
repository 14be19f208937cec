package ai.crafted.mcp.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** What {@link McpAuthorization} keeps of an authorization server's words and answers. */
class McpAuthorizationTextTest {

    @Test
    void theClientSecretIsRedactedInEveryFormItWasSentIn() {
        var client = new McpAuthorization.ClientIdentity("client one", "s3cr&t+value", null);
        String basic = Base64.getEncoder().encodeToString("client+one:s3cr%26t%2Bvalue".getBytes(StandardCharsets.UTF_8));
        String plainBasic = Base64.getEncoder().encodeToString("client one:s3cr&t+value".getBytes(StandardCharsets.UTF_8));
        String echoed = "invalid_client (got Authorization: Basic " + basic + ", also " + plainBasic
                + ", client_secret=s3cr%26t%2Bvalue and s3cr&t+value)";

        String kept = McpAuthorization.redacted(echoed, client);

        assertThat(kept).doesNotContain(basic).doesNotContain(plainBasic).doesNotContain("s3cr%26t%2Bvalue")
                .doesNotContain("s3cr&t+value").contains("[redacted]").startsWith("invalid_client");
        assertThat(McpAuthorization.redacted("no secret here", new McpAuthorization.ClientIdentity("public", null, null)))
                .isEqualTo("no secret here");
    }

    @Test
    void aPublicClientsRefreshTokenAndCodeAreRedactedToo() {
        var publicClient = new McpAuthorization.ClientIdentity("public", null, null);
        String echoed = "invalid_grant (refresh_token=rt-1/+x was revoked; code c0de and verifier v-123)";

        String kept = McpAuthorization.redacted(echoed, publicClient, "rt-1/+x", "c0de", "v-123", null);

        assertThat(kept).doesNotContain("rt-1/+x").doesNotContain("c0de").doesNotContain("v-123").startsWith("invalid_grant");
        assertThat(McpAuthorization.redacted("refresh_token=rt-1%2F%2Bx", publicClient, "rt-1/+x")).doesNotContain("rt-1");
    }

    @Test
    void aRefreshTokenLifetimeIsKeptOnlyWhenItIsAPlausibleNumberOfSeconds() {
        assertThat(McpAuthorization.refreshTokenExpiresAt(86_400L)).isAfter(java.time.Instant.now().plusSeconds(86_000));
        assertThat(McpAuthorization.refreshTokenExpiresAt("3600")).isNotNull();
        for (Object unusable : new Object[] { 0L, -5L, 1e19, Long.MAX_VALUE, "1e5", "", "-1", null, true }) {
            assertThat(McpAuthorization.refreshTokenExpiresAt(unusable)).as(String.valueOf(unusable)).isNull();
        }
    }

    @Test
    void anAnswerThatGivesADecidingParameterTwiceIsNamed() {
        assertThat(McpAuthorization.repeatedParameter("code=a&state=s&iss=x&iss=y")).isEqualTo("iss");
        assertThat(McpAuthorization.repeatedParameter("code=a&code=b&state=s")).isEqualTo("code");
        assertThat(McpAuthorization.repeatedParameter("state=s&error=access_denied&error=x")).isEqualTo("error");
        assertThat(McpAuthorization.repeatedParameter("code=a&state=s&iss=x&extra=1&extra=2")).isNull();
        assertThat(McpAuthorization.repeatedParameter(null)).isNull();
    }
}
