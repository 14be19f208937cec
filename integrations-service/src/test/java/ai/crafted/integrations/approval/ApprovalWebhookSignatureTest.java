package ai.crafted.integrations.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Crafted-Signature header: HMAC-SHA256 over "<t>.<body>", hex, as the README tells receivers to check it. */
class ApprovalWebhookSignatureTest {

    @Test
    void theHmacIsRfc4231sHmacSha256InLowerCaseHex() {
        assertThat(ApprovalWebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void theHeaderSignsTheTimestampADotAndTheRawBody() {
        String body = "{\"approvalId\":\"a\",\"status\":\"pending\"}";
        assertThat(ApprovalWebhookSignature.header("whsec_x", 1764748800L, body))
                .isEqualTo("t=1764748800,v1=" + ApprovalWebhookSignature.hmac("whsec_x", "1764748800." + body))
                .isNotEqualTo(ApprovalWebhookSignature.header("whsec_x", 1764748801L, body))
                .isNotEqualTo(ApprovalWebhookSignature.header("whsec_y", 1764748800L, body));
    }
}
