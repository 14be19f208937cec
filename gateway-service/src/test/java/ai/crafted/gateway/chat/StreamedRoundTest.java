package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays.Offered;

/** What one streamed turn lets through to the client, chunk by chunk. */
class StreamedRoundTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Injected tools: only the names matter to the round. */
    private final ToolSet tools = new ToolSet(ToolProfile.OPENAI, JSON.createArrayNode(), new byte[0],
            Map.of("crm__lookup", offered("crm__lookup"), "crm__lookup_orders", offered("crm__lookup_orders")), List.of());
    private final List<ObjectNode> sent = new ArrayList<>();
    private final ChunkIdentity identity = new ChunkIdentity();
    private final StreamedRound round = new StreamedRound(JSON, tools, identity, 0, sent::add);

    @Test
    void contentGoesOutAtOnceUnderTheFirstChunksIdentityAndTheFinishReasonAndUsageAreKept() {
        round.accept(chunk("c1", "{\"role\":\"assistant\",\"content\":\"\"}", null));
        round.accept(chunk("c1", "{\"content\":\"Hel\"}", null));
        assertThat(sent).hasSize(2);
        round.accept(chunk("c1", "{\"content\":\"lo\"}", "stop"));
        round.accept(parse("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"total_tokens\":7}}"));
        round.end();

        assertThat(sent).hasSize(3);
        assertThat(sent).allSatisfy(c -> assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue());
        assertThat(sent.get(2).at("/choices/0/delta/content").asText()).isEqualTo("lo");
        assertThat(round.finishReason()).isEqualTo("stop");
        assertThat(round.usage().path("total_tokens").asInt()).isEqualTo(7);
        assertThat(round.injectedCalls()).isEmpty();
    }

    @Test
    void aSecondRoundCarriesTheFirstRoundsIdentityAndNoSecondRole() {
        round.accept(chunk("first", "{\"role\":\"assistant\",\"content\":\"\"}", null));
        StreamedRound next = new StreamedRound(JSON, tools, identity, 0, sent::add);
        next.accept(chunk("second", "{\"role\":\"assistant\",\"content\":\"\"}", null));
        next.accept(chunk("second", "{\"content\":\"answer\"}", null));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).path("id").asText()).isEqualTo("first");
        assertThat(sent.get(1).at("/choices/0/delta").has("role")).isFalse();
    }

    @Test
    void injectedToolCallsAreHeldWhileClientCallsStreamRenumbered() {
        round.accept(toolDelta(0, "call_a", "crm__lookup", ""));
        round.accept(toolDelta(0, null, null, "{\"id\":"));
        round.accept(toolDelta(1, "call_b", "get_weather", "{\"city\""));
        round.accept(toolDelta(0, null, null, "\"42\"}"));
        round.accept(toolDelta(1, null, null, ":\"Oslo\"}"));
        round.accept(chunk("c", "{}", "tool_calls"));
        round.end();

        assertThat(sent).extracting(c -> c.at("/choices/0/delta/tool_calls/0/function/name").asText(""))
                .doesNotContain("crm__lookup");
        assertThat(sent).allSatisfy(c -> assertThat(c.at("/choices/0/delta/tool_calls/0/index").asInt(0)).isZero());
        String clientArguments = sent.stream().map(c -> c.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""))
                .reduce("", String::concat);
        assertThat(clientArguments).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(round.injectedCalls()).hasSize(1);
        assertThat(round.injectedCalls().get(0).at("/function/arguments").asText()).isEqualTo("{\"id\":\"42\"}");
        assertThat(round.clientCalls()).isEqualTo(1);
    }

    @Test
    void aNameArrivingInPiecesIsHeldUntilItCanNoLongerBeInjected() {
        round.accept(toolDelta(0, "call_a", "crm", ""));
        round.accept(toolDelta(0, null, "__look", ""));
        assertThat(sent).isEmpty();
        round.accept(toolDelta(0, null, "up_orders", "{}"));
        round.end();
        assertThat(sent).isEmpty();
        assertThat(round.injectedCalls().get(0).at("/function/name").asText()).isEqualTo("crm__lookup_orders");
    }

    @Test
    void aClientToolWhoseNameIsAPrefixOfAnInjectedOneGoesOutWhenTheTurnEnds() {
        round.accept(toolDelta(0, "call_a", "crm", "{\"q\":1}"));
        assertThat(sent).isEmpty();
        round.accept(chunk("c", "{}", "tool_calls"));
        round.end();

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("crm");
        assertThat(sent.get(0).at("/choices/0/delta/tool_calls/0/function/arguments").asText()).isEqualTo("{\"q\":1}");
        assertThat(round.injectedCalls()).isEmpty();
    }

    @Test
    void aNameThatIsAnInjectedToolsPlusMoreIsNeitherShownNorRun() {
        // A provider that merged two calls into one slot: the pieces must not leak as a "client" call.
        round.accept(toolDelta(0, null, "crm__lookup", "{}"));
        round.accept(toolDelta(0, null, "crm__lookup", "{}"));
        round.end();

        assertThat(sent).isEmpty();
        assertThat(round.injectedCalls()).isEmpty();
        assertThat(round.droppedCalls()).isEqualTo(1);
    }

    @Test
    void theAssistantMessageForTheNextRoundHasTheContentAndOnlyTheInjectedCalls() {
        round.accept(chunk("c", "{\"content\":\"Let me check. \"}", null));
        round.accept(toolDelta(0, "call_a", "crm__lookup", "{\"id\":\"7\"}"));
        round.end();

        ObjectNode message = round.assistantMessage();
        assertThat(message.path("content").asText()).isEqualTo("Let me check. ");
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_a");
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"id\":\"7\"}");
    }

    private static ObjectNode chunk(String id, String delta, String finishReason) {
        ObjectNode chunk = parse("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"}");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", parse(delta));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static ObjectNode toolDelta(int index, String id, String name, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return chunk("c", delta.toString(), null);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The round only asks whether a name is offered. */
    private static Offered<Plugin> offered(String name) {
        return new Offered<>(name, null, null);
    }
}
