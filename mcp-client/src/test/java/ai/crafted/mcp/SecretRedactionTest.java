package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ToolDescriptor;

class SecretRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"sk-live-0123456789abcdef", "pa ss+w/rd=\"q\"\\x", "ключ-секрет-123", "tok%2Fen&x=1?"})
    void everyEncodedFormOfTheSecretIsRedacted(String secret) {
        SecretRedaction redaction = SecretRedaction.ofHeaders(Map.of("Authorization", "Bearer " + secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(secret, "Bearer " + secret,
                new String(JsonStringEncoder.getInstance().quoteAsString(secret)),
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
                Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        for (String form : forms) {
            String redacted = redaction.apply("before " + form + " after");
            assertThat(redacted).as(form).startsWith("before ").endsWith(" after").contains(SecretRedaction.MARK)
                    .doesNotContain(secret);
            assertThat(redacted).as(form).doesNotContain(form);
        }
    }

    @Test
    void caseFoldedHexAndBase64InsideALongerValueAreRedactedToo() {
        // Found by an attack probe: these forms of an echoed token got through.
        String secret = "SUPERSECRET-abcdef-123456";
        SecretRedaction redaction = SecretRedaction.ofHeaders(Map.of("Authorization", "Bearer " + secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(secret.toLowerCase(), HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                Base64.getEncoder().encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(("x" + secret).getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString(("ab" + secret + "tail").getBytes(StandardCharsets.UTF_8)));
        for (String form : forms) {
            String redacted = redaction.apply("echo: " + form + " end");
            assertThat(redacted).as(form).contains(SecretRedaction.MARK).doesNotContain(form);
        }
        // Of the Basic form only the user name's characters and at most two boundary characters remain.
        String basic = redaction.apply(Base64.getEncoder().encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8)));
        assertThat(basic).startsWith("dXNlcj").contains(SecretRedaction.MARK);
        assertThat(basic.length()).isLessThanOrEqualTo("dXNlcj".length() + SecretRedaction.MARK.length() + 2);
    }

    @Test
    void textWithoutTheSecretIsUnchangedAndShortValuesAreNotRedacted() {
        SecretRedaction redaction = SecretRedaction.of(List.of("abcdefgh", "x1"));
        assertThat(redaction.apply("nothing secret here, x1 stays")).isEqualTo("nothing secret here, x1 stays");
        assertThat(SecretRedaction.ofHeaders(Map.of()).isEmpty()).isTrue();
        assertThat(redaction.apply((String) null)).isNull();
    }

    @Test
    void jsonValuesAndToolDescriptorsAreRedactedInEveryStringAndKey() throws Exception {
        SecretRedaction redaction = SecretRedaction.ofHeaders(Map.of("X-Api-Key", "key-0987654321"));
        JsonNode input = JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"your key key-0987654321 is wrong\"}],"
                + "\"key-0987654321\":1,\"n\":5,\"ok\":true}");
        JsonNode output = redaction.apply(input);
        assertThat(output.toString()).doesNotContain("key-0987654321").contains("your key [redacted] is wrong")
                .contains("\"[redacted]\":1").contains("\"n\":5").contains("\"ok\":true");
        assertThat(input.toString()).as("input unchanged").contains("key-0987654321");

        ToolDescriptor tool = new ToolDescriptor("lookup", "Look up", "Uses key-0987654321",
                JSON.readTree("{\"type\":\"object\",\"description\":\"default key-0987654321\"}"), null);
        ToolDescriptor redacted = redaction.apply(tool);
        assertThat(redacted.description()).isEqualTo("Uses [redacted]");
        assertThat(redacted.inputSchema().path("description").asText()).isEqualTo("default [redacted]");
        assertThat(redacted.name()).isEqualTo("lookup");
    }

    @Test
    void aFailureMessageIsRedactedKeepingItsKindAndStatus() {
        SecretRedaction redaction = SecretRedaction.of(List.of("hunter2-secret"));
        Throwable failure = redaction.apply(new McpException(McpException.Kind.HTTP_STATUS, "bad token hunter2-secret", 401, null));
        assertThat(failure).isInstanceOf(McpException.class).hasMessage("bad token [redacted]");
        assertThat(((McpException) failure).httpStatus()).isEqualTo(401);
        assertThat(redaction.apply(new RuntimeException("parse error at 'hunter2-secret'"))).hasMessage("parse error at '[redacted]'");
        McpException clean = new McpException(McpException.Kind.TIMEOUT, "timed out");
        assertThat(redaction.apply(clean)).isSameAs(clean);
    }
}
