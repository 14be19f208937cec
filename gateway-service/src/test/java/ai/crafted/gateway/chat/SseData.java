package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON {@code data:} payloads of a raw SSE body, in order (comments, [DONE] and other events left out). */
final class SseData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SseData() {
    }

    static List<JsonNode> of(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                try {
                    events.add(JSON.readTree(line.substring(6)));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return events;
    }
}
