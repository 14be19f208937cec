package ai.crafted.whatsapp.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ai.crafted.testsupport.demo.WebhookSignatures;
import ai.crafted.whatsapp.webhook.SignatureCheck;

class ReplySplitTest {

    @Test
    void splitsAtWordsAndKeepsShortTextWhole() {
        assertThat(GraphApiClient.split("short", 10)).containsExactly("short");
        assertThat(GraphApiClient.split("aaaa bbbb cccc", 10)).containsExactly("aaaa bbbb", "cccc");
        assertThat(GraphApiClient.split("x".repeat(25), 10)).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
    }

    @Test
    void signaturesAreCheckedOverTheRawBytes() {
        byte[] raw = "{\"text\":\"caf\\u00e9\"}".getBytes();
        String header = WebhookSignatures.sign(new String(raw), "secret");
        assertThat(SignatureCheck.valid(raw, header, "secret")).isTrue();
        assertThat(SignatureCheck.valid("{\"text\":\"café\"}".getBytes(), header, "secret")).isFalse();
        assertThat(SignatureCheck.valid(raw, header, "other")).isFalse();
        assertThat(SignatureCheck.valid(raw, "sha256=zz", "secret")).isFalse();
        assertThat(SignatureCheck.valid(raw, null, "secret")).isFalse();
    }
}
