package ai.crafted.mcp.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.mcp.McpException;

/** JSON-RPC 2.0 message building and reading. */
public final class JsonRpc {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRpc() {
    }

    public static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode message = notification(method, params);
        message.put("id", id);
        return message;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        return message;
    }

    public static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        return message;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new McpException(McpException.Kind.MALFORMED_RESPONSE, "MCP server sent malformed JSON");
        }
    }

    public static byte[] bytes(JsonNode message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static boolean isResponseTo(JsonNode message, long id) {
        return message.isObject() && message.has("id") && message.get("id").canConvertToLong()
                && message.get("id").asLong() == id && (message.has("result") || message.has("error"));
    }

    /** A message that expects no answer: a method and no id. */
    public static boolean isNotification(JsonNode message) {
        return message.isObject() && message.has("method") && !message.has("id");
    }

    /**
     * The JSON-RPC error object in an HTTP error response's body (2026-07-28 servers answer a bad
     * request with 400 and one), or null when the body is not one.
     */
    public static JsonNode errorIn(io.vertx.core.buffer.Buffer body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode error = MAPPER.readTree(body.toString()).path("error");
            return error.isObject() && error.path("message").isTextual() ? error : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * An error object's message and code, the message cut to 300 characters with control and
     * format characters escaped ({@link ServerText}); redact the error first.
     */
    static String describe(JsonNode error) {
        return ServerText.clean(error.path("message").asText("no message"), 300) + " (JSON-RPC error "
                + ServerText.clean(error.path("code").asText("?"), 20) + ")";
    }

    /** The error's integer code, or null. */
    static Integer codeOf(JsonNode error) {
        return error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
    }

    /** A message from the server that expects an answer (has both method and id). */
    public static boolean isServerRequest(JsonNode message) {
        return message.isObject() && message.has("method") && message.has("id");
    }

    /** The result of a response, or the typed error it carries. */
    public static JsonNode resultOf(JsonNode response, String method) {
        if (response.has("error")) {
            JsonNode error = response.get("error");
            throw new McpException(McpException.Kind.JSON_RPC_ERROR, "MCP server refused " + method + ": "
                    + describe(error), 0, null, codeOf(error), error.get("data"));
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isObject()) {
            throw new McpException(McpException.Kind.MALFORMED_RESPONSE,
                    "MCP server answered " + method + " without a result object");
        }
        return result;
    }
}
