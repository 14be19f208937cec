package ai.crafted.integrations.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The "Try tool" form: inputs by the schema's types, and the way back to one arguments object. */
class ToolArgumentsFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema() throws Exception {
        return JSON.readTree("""
                {"type":"object","required":["q"],"properties":{
                  "q":{"type":"string"},"n":{"type":"integer"},"ratio":{"type":["number","null"]},
                  "on":{"type":"boolean"},"level":{"enum":[1,2,"max"]},"where":{"anyOf":[{"type":"string"},{"type":"array"}]}}}""");
    }

    @Test
    void eachPropertyGetsTheInputOfItsType() throws Exception {
        List<ToolArgumentsForm.Field> fields = ToolArgumentsForm.fields(schema(), JSON.readTree("{\"q\":\"x\",\"level\":2}"), null, JSON);
        assertThat(fields).extracting(ToolArgumentsForm.Field::kind)
                .containsExactly("text", "integer", "number", "choice", "choice", "json");
        assertThat(fields.get(0).required()).isTrue();
        assertThat(fields.get(0).value()).isEqualTo("x");
        assertThat(fields.get(4).options()).extracting(ToolArgumentsForm.Option::value).containsExactly("", "1", "2", "\"max\"");
        assertThat(fields.get(4).options().get(2).selected()).as("the value sent before is selected").isTrue();
        assertThat(ToolArgumentsForm.fields(JSON.readTree("{\"type\":\"object\"}"), null, null, JSON)).isEmpty();
    }

    @Test
    void fieldsBecomeOneObjectAndEmptyOnesAreLeftOut() throws Exception {
        var read = ToolArgumentsForm.read(schema(), Map.of("arg:q", "hello", "arg:n", "-42", "arg:ratio", "1.5e3",
                "arg:on", "false", "arg:level", "\"max\"", "arg:where", "[\"a\"]"), JSON);
        assertThat(read.problems()).isEmpty();
        assertThat(read.arguments().remove("ratio").decimalValue()).isEqualByComparingTo("1500");
        assertThat(JSON.readTree(read.arguments().toString())).isEqualTo(JSON.readTree(
                "{\"q\":\"hello\",\"n\":-42,\"on\":false,\"level\":\"max\",\"where\":[\"a\"]}"));
        assertThat(ToolArgumentsForm.read(schema(), Map.of("arg:q", "", "arg:n", " "), JSON).arguments()).isEmpty();
    }

    @Test
    void whatIsNotItsTypeIsNamedAndNothingIsSent() throws Exception {
        var read = ToolArgumentsForm.read(schema(), Map.of("arg:n", "1.0", "arg:ratio", "0,5", "arg:level", "3",
                "arg:on", "yes", "arg:where", "{broken"), JSON);
        assertThat(read.arguments()).isNull();
        assertThat(read.problems()).containsOnlyKeys("arguments.n", "arguments.ratio", "arguments.level", "arguments.on",
                "arguments.where");
    }

    @Test
    void hugeExponentsAndLongNumbersAreRefusedWithoutComputingThem() throws Exception {
        for (String huge : List.of("1e500000000", "9".repeat(101), "1" + "0".repeat(200))) {
            assertThat(ToolArgumentsForm.read(schema(), Map.of("arg:n", huge), JSON).problems()).containsKey("arguments.n");
        }
        for (String huge : List.of("1e500000000", "1e1000", "1." + "5".repeat(101))) {
            assertThat(ToolArgumentsForm.read(schema(), Map.of("arg:ratio", huge), JSON).problems()).containsKey("arguments.ratio");
        }
        assertThat(ToolArgumentsForm.read(schema(), Map.of("arg:ratio", "1e999"), JSON).problems()).isEmpty();
    }

    @Test
    void aWholeJsonObjectReplacesTheFields() throws Exception {
        var read = ToolArgumentsForm.read(schema(), Map.of("arg:q", "ignored", "argumentsJson", "{\"q\":\"x\",\"extra\":1}"), JSON);
        assertThat(read.arguments()).isEqualTo(JSON.readTree("{\"q\":\"x\",\"extra\":1}"));
        for (String notOne : List.of("[1]", "\"x\"", "{", "null")) {
            assertThat(ToolArgumentsForm.read(schema(), Map.of("argumentsJson", notOne), JSON).problems())
                    .containsKey("argumentsJson");
        }
    }
}
