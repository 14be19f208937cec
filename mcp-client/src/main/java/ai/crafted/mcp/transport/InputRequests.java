package ai.crafted.mcp.transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.mcp.McpException;
import ai.crafted.mcp.McpException.Kind;
import ai.crafted.mcp.SecretRedaction;

/**
 * 2026-07-28 result types. A result is {@code complete} (the default when absent), or
 * {@code input_required}: instead of sending the client a request (elicitation, sampling, roots)
 * the server returns {@code inputRequests} (a map from a key to {@code {method, params}}) and a
 * {@code requestState} for the retry. The gateway cannot answer those yet, so a tool call that
 * needs input becomes a tool error telling the model what the server asked for.
 */
final class InputRequests {

    static final String COMPLETE = "complete";
    static final String INPUT_REQUIRED = "input_required";
    private static final int MAX_MESSAGE_CHARS = 500;

    private InputRequests() {
    }

    static boolean isInputRequired(JsonNode result) {
        return INPUT_REQUIRED.equals(result.path("resultType").asText(null));
    }

    /** Fails on a result type we do not know, or {@code input_required} for anything but tools/call. */
    static void checkResultType(JsonNode result, String method, SecretRedaction redaction) {
        String type = result.path("resultType").asText(COMPLETE);
        if (COMPLETE.equals(type) || (INPUT_REQUIRED.equals(type) && "tools/call".equals(method))) {
            return;
        }
        throw new McpException(Kind.MALFORMED_RESPONSE, "MCP server answered " + method + " with result type "
                + ServerText.quote(redaction.apply(type), 40)
                + (INPUT_REQUIRED.equals(type) ? " (it needs input the gateway cannot give)" : ""));
    }

    /**
     * The tool error that stands for an {@code input_required} result of {@code tool}; the result
     * must be redacted already (the server's text is cut here).
     */
    static ObjectNode asToolError(String tool, JsonNode result) {
        List<String> asks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> requests = result.path("inputRequests").fields();
        while (requests.hasNext()) {
            asks.add(describe(requests.next().getValue()));
        }
        String text = "The MCP server needs input before " + tool + " can run, which this gateway cannot provide: "
                + (asks.isEmpty() ? "it did not say what" : String.join("; ", asks.subList(0, Math.min(asks.size(), 5)))
                        + (asks.size() > 5 ? "; and " + (asks.size() - 5) + " more requests" : ""))
                + ". Tell the user what the server asked for; do not call " + tool + " again for this.";
        ObjectNode error = JsonRpc.MAPPER.createObjectNode().put("isError", true);
        error.putArray("content").addObject().put("type", "text").put("text", text);
        return error;
    }

    private static String describe(JsonNode request) {
        String method = request.path("method").asText("");
        JsonNode params = request.path("params");
        return switch (method) {
            case "elicitation/create" -> {
                String message = params.path("message").asText("");
                List<String> fields = new ArrayList<>();
                params.path("requestedSchema").path("properties").fieldNames().forEachRemaining(fields::add);
                String url = params.path("url").asText(null);
                yield "it asks the user " + ServerText.quote(message, MAX_MESSAGE_CHARS)
                        + (fields.isEmpty() ? "" : " (expecting " + ServerText.clean(String.join(", ", fields), 200) + ")")
                        + (url == null ? "" : " at a URL it would open");
            }
            case "sampling/createMessage" -> "it asks for a completion from the client's model";
            case "roots/list" -> "it asks for the client's file system roots";
            default -> "it sent a request the gateway does not know (" + ServerText.clean(method, 80) + ")";
        };
    }
}
