package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays.Offered;
import ai.crafted.tools.compiler.ToolsArrays.Omitted;

/** {@code tool_choice} before the first round and after each tool round, every form OpenAI defines. */
class ToolChoiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolSet tools = new ToolSet(ToolProfile.OPENAI, JSON.createArrayNode().add(JSON.createObjectNode()), new byte[0],
            Map.of("crm__lookup", new Offered<Plugin>("crm__lookup", null, null)),
            List.of(new Omitted("crm__huge", "its schema has no properties the openai profile accepts")));
    private final ToolSet nothingOffered = new ToolSet(ToolProfile.OPENAI, JSON.createArrayNode(), new byte[0], Map.of(),
            List.of(new Omitted("crm__huge", "over the per-request cap")));

    @Test
    void afterAToolRoundEveryForcingChoiceBecomesAutoAndNoneStaysNone() {
        assertThat(after("\"required\"")).isEqualTo("\"auto\"");
        assertThat(after("{\"type\":\"function\",\"function\":{\"name\":\"crm__lookup\"}}")).isEqualTo("\"auto\"");
        assertThat(after("{\"type\":\"custom\",\"custom\":{\"name\":\"grammar\"}}")).isEqualTo("\"auto\"");
        assertThat(after("\"auto\"")).isEqualTo("\"auto\"");
        assertThat(after("\"none\"")).isEqualTo("\"none\"");
        assertThat(after(null)).isNull();
        // allowed_tools keeps its list; only the mode relaxes.
        assertThat(after("{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"crm__lookup\"}}]}}"))
                .isEqualTo("{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"crm__lookup\"}}]}}");
    }

    @Test
    void aChoiceTheGatewayCannotHonourIsRefusedWithTheReason() {
        assertThat(check("\"sometimes\"")).hasValueSatisfying(v -> {
            assertThat(v.param()).isEqualTo("tool_choice");
            assertThat(v.code()).isEqualTo("invalid_value");
        });
        assertThat(check("42")).isPresent();
        assertThat(check("{\"type\":\"function\",\"function\":{\"name\":\"crm__nope\"}}"))
                .hasValueSatisfying(v -> assertThat(v.message()).contains("crm__nope").contains("is not one of the plugin tools"));
        assertThat(check("{\"type\":\"function\",\"function\":{\"name\":\"crm__huge\"}}"))
                .hasValueSatisfying(v -> assertThat(v.message()).contains("was left out").contains("no properties"));
        assertThat(check("{\"type\":\"function\"}")).isPresent();
        // Malformed objects (found by an attack probe: they reached the provider).
        for (String bad : List.of("{\"type\":\"allowed_tools\",\"allowed_tools\":\"garbage\"}",
                "{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"sometimes\",\"tools\":[]}}",
                "{\"type\":null}", "{\"type\":[\"function\"]}", "{\"a\":{}}", "{\"type\":\"custom\"}", "{}")) {
            assertThat(check(bad)).as(bad).hasValueSatisfying(v -> assertThat(v.param()).isEqualTo("tool_choice"));
        }
        // A huge value is not echoed whole.
        assertThat(check("\"" + "x".repeat(500_000) + "\"")).hasValueSatisfying(v -> assertThat(v.message().length()).isLessThan(300));
    }

    @Test
    void whatTheGatewayCanHonourPasses() {
        for (String ok : List.of("\"none\"", "\"auto\"", "\"required\"", "null",
                "{\"type\":\"function\",\"function\":{\"name\":\"crm__lookup\"}}",
                "{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[]}}",
                "{\"type\":\"custom\",\"custom\":{\"name\":\"grammar\"}}")) {
            assertThat(check(ok)).as(ok).isEmpty();
        }
        assertThat(ToolChoice.check(JSON.createObjectNode(), tools)).isEmpty();
    }

    @Test
    void aChoiceThatDemandsACallIsRefusedWhenEveryToolWasLeftOut() {
        for (String demanding : List.of("\"required\"",
                "{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\",\"tools\":[]}}")) {
            assertThat(ToolChoice.check(request(demanding), nothingOffered)).as(demanding)
                    .hasValueSatisfying(v -> assertThat(v.message()).contains("demands a tool call").contains("crm__huge (over the per-request cap)"));
        }
        assertThat(ToolChoice.check(request("{\"type\":\"function\",\"function\":{\"name\":\"crm__huge\"}}"), nothingOffered))
                .hasValueSatisfying(v -> assertThat(v.message()).contains("was left out of this request: over the per-request cap"));
        assertThat(ToolChoice.check(request("\"auto\""), nothingOffered)).isEmpty();
        assertThat(ToolChoice.check(request("\"none\""), nothingOffered)).isEmpty();
    }

    @Test
    void withNoToolOfferedToolChoiceAndParallelToolCallsAreRemoved() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"tool_choice\":\"auto\",\"parallel_tool_calls\":false}");
        ToolChoice.fitToOffer(request, nothingOffered);
        assertThat(request.has("tool_choice")).isFalse();
        assertThat(request.has("parallel_tool_calls")).isFalse();

        ObjectNode kept = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"tool_choice\":\"auto\",\"parallel_tool_calls\":false}");
        ToolChoice.fitToOffer(kept, tools);
        assertThat(kept.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(kept.path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    private static String after(String choice) {
        ObjectNode request = request(choice);
        ToolChoice.afterToolRound(request);
        return request.has("tool_choice") ? request.get("tool_choice").toString() : null;
    }

    private java.util.Optional<ChatRequestChecks.Violation> check(String choice) {
        return ToolChoice.check(request(choice), tools);
    }

    private static ObjectNode request(String choice) {
        try {
            ObjectNode request = JSON.createObjectNode().put("model", "m");
            if (choice != null) {
                request.set("tool_choice", JSON.readTree(choice));
            }
            return request;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
