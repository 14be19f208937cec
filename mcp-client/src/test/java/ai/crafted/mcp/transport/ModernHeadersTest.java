package ai.crafted.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The 2026-07-28 header rules (SEP-2243) on values of our own, beside the conformance scenarios. */
class ModernHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "[{0}] is sent as is")
    @ValueSource(strings = { "get_weather", "a b", "x=1;y=2", "~!@#$%^&*()" })
    void plainVisibleAsciiIsSentAsIs(String value) {
        assertThat(ModernHeaders.value(value)).isEqualTo(value);
    }

    @ParameterizedTest(name = "[{0}] is base64-encoded")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "Zürich|=?base64?WsO8cmljaA==?=",
            " leading|=?base64?IGxlYWRpbmc=?=",
            "tab\there|=?base64?dGFiCWhlcmU=?=",
            "=?base64?abc?=|=?base64?PT9iYXNlNjQ/YWJjPz0=?=" })
    void anythingElseTravelsAsTheBase64Sentinel(String value, String header) {
        assertThat(ModernHeaders.value(value)).isEqualTo(header);
    }

    @Test
    void anEmptyValueIsEncodedToo() {
        assertThat(ModernHeaders.value("")).isEqualTo("=?base64??=");
    }

    @Test
    void declaredArgumentsBecomeParamHeadersAndAbsentOrNullOnesDoNot() {
        JsonNode schema = json("""
                {"type":"object","properties":{
                  "region":{"type":"string","x-mcp-header":"Region"},
                  "count":{"type":"integer","x-mcp-header":"Count"},
                  "dry":{"type":"boolean","x-mcp-header":"Dry-Run"},
                  "note":{"type":"string","x-mcp-header":"Note"},
                  "nested":{"type":"object","properties":{"id":{"type":"string","x-mcp-header":"Nested-Id"}}}}}""");
        Map<String, String> headers = ModernHeaders.paramHeaders(schema,
                json("{\"region\":\"Genève\",\"count\":12,\"dry\":false,\"note\":null,\"nested\":{\"id\":\"n-1\"}}"));
        assertThat(headers).containsExactly(
                Map.entry("Mcp-Param-Region", "=?base64?R2Vuw6h2ZQ==?="),
                Map.entry("Mcp-Param-Count", "12"),
                Map.entry("Mcp-Param-Dry-Run", "false"),
                Map.entry("Mcp-Param-Nested-Id", "n-1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty name|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"\"}}}",
            "space in name|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A B\"}}}",
            "colon in name|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"A:B\"}}}",
            "non-ASCII name|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"Größe\"}}}",
            "number type|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\",\"x-mcp-header\":\"A\"}}}",
            "object type|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"x-mcp-header\":\"A\"}}}",
            "duplicate ignoring case|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-mcp-header\":\"X\"},\"b\":{\"type\":\"string\",\"x-mcp-header\":\"x\"}}}",
            "inside items|{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"x-mcp-header\":\"A\"}}}}",
            "inside anyOf|{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\",\"x-mcp-header\":\"A\"}]}}}",
            "on the root|{\"type\":\"object\",\"x-mcp-header\":\"Root\"}" })
    void invalidDeclarationsAreFound(String name, String schema) {
        assertThat(ModernHeaders.problemIn(json(schema))).as(name).isNotNull();
    }

    @Test
    void aSchemaWithoutDeclarationsOrWithValidOnesHasNoProblem() {
        assertThat(ModernHeaders.problemIn(json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"))).isNull();
        assertThat(ModernHeaders.problemIn(json(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"x-mcp-header\":\"Tenant-Id\"}}}"))).isNull();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
