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
    void anAnswerThatGivesADecidingParameterTwiceIsNamed() {
        assertThat(McpAuthorization.repeatedParameter("code=a&state=s&iss=x&iss=y")).isEqualTo("iss");
        assertThat(McpAuthorization.repeatedParameter("code=a&code=b&state=s")).isEqualTo("code");
        assertThat(McpAuthorization.repeatedParameter("state=s&error=access_denied&error=x")).isEqualTo("error");
        assertThat(McpAuthorization.repeatedParameter("code=a&state=s&iss=x&extra=1&extra=2")).isNull();
        assertThat(McpAuthorization.repeatedParameter(null)).isNull();
    }
}
