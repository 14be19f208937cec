package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request fields the gateway itself acts on are checked before anything is sent (values an attack probe found passing). */
class ChatRequestChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nMustBeAnIntegerFromOneTo128() throws Exception {
        for (String bad : List.of("2147483648", "-1", "0", "129", "1.5", "\"2\"", "{}", "[]", "true")) {
            assertThat(ChatRequestChecks.check(request(",\"n\":" + bad))).as(bad)
                    .hasValueSatisfying(v -> assertThat(v.param()).isEqualTo("n"));
        }
        for (String ok : List.of("1", "2", "128", "null")) {
            assertThat(ChatRequestChecks.check(request(",\"n\":" + ok))).as(ok).isEmpty();
        }
    }

    @Test
    void includeUsageMustBeABoolean() throws Exception {
        assertThat(ChatRequestChecks.check(request(",\"stream_options\":{\"include_usage\":\"yes\"}")))
                .hasValueSatisfying(v -> {
                    assertThat(v.param()).isEqualTo("stream_options.include_usage");
                    assertThat(v.code()).isEqualTo("invalid_type");
                });
        assertThat(ChatRequestChecks.check(request(",\"stream_options\":{\"include_usage\":true}"))).isEmpty();
    }

    private static ObjectNode request(String extra) throws Exception {
        return (ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]" + extra + "}");
    }
}
