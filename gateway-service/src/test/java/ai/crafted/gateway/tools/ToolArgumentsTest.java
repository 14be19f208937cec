package ai.crafted.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

class ToolArgumentsTest {

    private final ToolArguments arguments = new ToolArguments(new ObjectMapper());

    @ParameterizedTest
    @ValueSource(strings = {
        // The handed-over value: a lenient parser ran the tool with "first".
        "{\"message\":\"first\"} {\"message\":\"second\"}",
        "{\"message\":\"first\"}{\"message\":\"second\"}", "{\"a\":1}\n{\"a\":2}", "{\"a\":1} trailing", "{\"a\":1},",
        "[{\"a\":1}]", "[]", "\"text\"", "42", "true", "null", "{\"a\":1", "{\"a\":", "{a:1}", "{'a':1}",
        "{\"a\":1,\"a\":2}", "```json\n{\"a\":1}\n```"})
    void anythingButExactlyOneObjectIsRefusedWithAReasonForTheModel(String raw) {
        ToolArguments.Parsed parsed = arguments.parse(raw);
        assertThat(parsed.object()).as(raw).isNull();
        assertThat(parsed.problem()).as(raw).startsWith("the arguments must be exactly one JSON object");
    }

    @Test
    void oneObjectIsTakenAndEmptyMeansNoArguments() {
        assertThat(arguments.parse("{\"message\":\"hi\",\"n\":[1,2]}").object().toString()).isEqualTo("{\"message\":\"hi\",\"n\":[1,2]}");
        assertThat(arguments.parse("  {\"a\":{\"b\":null}}  ").object().path("a").has("b")).isTrue();
        assertThat(arguments.parse("").object()).isEmpty();
        assertThat(arguments.parse(null).object()).isEmpty();
        assertThat(arguments.parse("   ").problem()).isNull();
    }
}
