package ai.crafted.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolProfile;

/** The tools bytes spliced into a round's body give the same JSON as setting the array would. */
class UpstreamBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSplicedBodyIsTheRequestWithItsToolsArray() throws Exception {
        ArrayNode array = (ArrayNode) JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"crm__lookup\","
                + "\"description\":\"Finds \\\"quoted\\\" things — ünïcode\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]");
        ToolSet tools = new ToolSet(ToolProfile.OPENAI, array, JSON.writeValueAsBytes(array), Map.of(), List.of());
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"}\"}],"
                + "\"stream\":true}");

        JsonNode sent = JSON.readTree(UpstreamBody.encode(JSON, request, tools).getBytes());

        ObjectNode expected = request.deepCopy();
        expected.set("tools", array);
        assertThat(sent).isEqualTo(expected);
    }

    @Test
    void withEveryToolLeftOutTheBodyHasNoToolsArray() throws Exception {
        ToolSet none = new ToolSet(ToolProfile.OPENAI, JSON.createArrayNode(), "[]".getBytes(), Map.of(), List.of());
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[]}");

        assertThat(JSON.readTree(UpstreamBody.encode(JSON, request, none).getBytes())).isEqualTo(request);
    }
}
