package ai.crafted.gateway.responses;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolsArrays.Offered;

/**
 * The Response object and its output items in OpenAI's shapes (API reference, "The response
 * object"): {@code message} (parts {@code output_text} with {@code annotations}, or
 * {@code refusal}), {@code function_call} (the client's tools), {@code mcp_list_tools} (one per
 * plugin offered) and {@code mcp_call} (each plugin tool call the gateway ran, with its
 * {@code arguments} and {@code output}, or {@code error} when it failed). Ids carry OpenAI's
 * prefixes ({@code resp_}, {@code msg_}, {@code fc_}, {@code mcpl_}, {@code mcp_}) and 24
 * random bytes.
 */
final class ResponseObjects {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;

    ResponseObjects(ObjectMapper json) {
        this.json = json;
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** A Response with no output yet, repeating the request's settings (OpenAI's defaults where absent). */
    ObjectNode skeleton(ResponsesRequest request, String id, long createdAt, String status) {
        ObjectNode response = json.createObjectNode().put("id", id).put("object", "response").put("created_at", createdAt)
                .put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.put("model", request.model);
        response.putArray("output");
        response.putNull("usage");
        response.put("store", request.store);
        Map<String, JsonNode> echoed = request.echoed();
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        defaults.put("parallel_tool_calls", json.getNodeFactory().booleanNode(true));
        defaults.put("tool_choice", json.getNodeFactory().textNode("auto"));
        defaults.put("tools", json.createArrayNode());
        defaults.put("metadata", json.createObjectNode());
        defaults.put("truncation", json.getNodeFactory().textNode("disabled"));
        ObjectNode text = json.createObjectNode();
        text.putObject("format").put("type", "text");
        defaults.put("text", text);
        echoed.forEach((field, value) -> response.set(field, value != null && !value.isNull() ? value
                : defaults.getOrDefault(field, json.nullNode())));
        return response;
    }

    /**
     * One {@code mcp_list_tools} item per plugin with tools offered, in slug order, except a
     * plugin whose same tools (by name) an {@code mcp_list_tools} item of the conversation
     * already lists.
     */
    ArrayNode listTools(ToolSet tools, ArrayNode conversation) {
        Map<String, java.util.Set<String>> listed = new java.util.HashMap<>();
        for (JsonNode item : conversation) {
            if ("mcp_list_tools".equals(item.path("type").asText())) {
                java.util.Set<String> names = new java.util.HashSet<>();
                item.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
                listed.put(item.path("server_label").asText(), names);
            }
        }
        Map<String, ArrayNode> byLabel = new java.util.TreeMap<>();
        for (Offered<Plugin> offered : tools.offered().values()) {
            ToolDescriptor tool = offered.tool().tool();
            ObjectNode entry = byLabel.computeIfAbsent(offered.plugin().state().slug(), ignored -> json.createArrayNode())
                    .addObject().put("name", tool.name());
            // Absent, not null, when the server gave none (clients' schemas take a string or nothing).
            if (tool.description() != null) {
                entry.put("description", tool.description());
            }
            entry.set("input_schema", tool.inputSchema() == null ? json.createObjectNode() : tool.inputSchema());
            if (tool.annotations() != null && tool.annotations().isObject()) {
                entry.set("annotations", tool.annotations());
            }
        }
        ArrayNode items = json.createArrayNode();
        byLabel.forEach((label, list) -> {
            java.util.Set<String> names = new java.util.HashSet<>();
            list.forEach(tool -> names.add(tool.path("name").asText()));
            if (names.equals(listed.get(label))) {
                return;
            }
            ObjectNode item = items.addObject().put("id", newId("mcpl_")).put("type", "mcp_list_tools")
                    .put("server_label", label);
            // No "error" member when listing worked: the Vercel AI SDK's schema takes a string or nothing, not null.
            item.set("tools", list);
        });
        return items;
    }

    /** An {@code mcp_call} item, in progress (no output yet). */
    ObjectNode mcpCall(InjectedTool tool, JsonNode call) {
        ObjectNode item = json.createObjectNode().put("id", newId("mcp_")).put("type", "mcp_call")
                .put("status", "in_progress").put("server_label", tool.plugin().state().slug())
                .put("name", tool.tool().name()).put("arguments", call.path("function").path("arguments").asText(""));
        item.putNull("output");
        item.putNull("error");
        return item;
    }

    /**
     * OpenAI's {@code mcp_approval_request} item for a call that waits for approval (one of the
     * chat answer's {@code gateway.approvalRequests}): its {@code id} is the approval's id.
     */
    ObjectNode mcpApprovalRequest(JsonNode approval, String serverLabel) {
        return json.createObjectNode().put("id", approval.path("id").asText()).put("type", "mcp_approval_request")
                .put("server_label", serverLabel).put("name", approval.path("toolName").asText())
                .put("arguments", approval.path("arguments").asText(""));
    }

    /**
     * Completes an {@code mcp_call} with the text the model got: a call that did not succeed
     * (its outcome, not its text) sets {@code error} and status {@code failed}.
     */
    static void completed(ObjectNode mcpCall, String result, boolean failed) {
        mcpCall.put("status", failed ? "failed" : "completed");
        if (failed) {
            mcpCall.put("error", result);
        } else {
            mcpCall.put("output", result);
        }
    }

    /** A {@code message} item of the assistant, in progress, with no content yet. */
    ObjectNode message() {
        ObjectNode item = json.createObjectNode().put("id", newId("msg_")).put("type", "message").put("status", "in_progress")
                .put("role", "assistant");
        item.putArray("content");
        return item;
    }

    /** An {@code output_text} content part. */
    ObjectNode outputText(String text) {
        ObjectNode part = json.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /** A complete {@code message} item from a chat completion's message (content, refusal, logprobs); null when it says nothing. */
    ObjectNode messageOf(JsonNode chatMessage, JsonNode logprobs) {
        String content = chatMessage.path("content").isTextual() ? chatMessage.get("content").asText() : "";
        String refusal = chatMessage.path("refusal").isTextual() ? chatMessage.get("refusal").asText() : null;
        if (content.isEmpty() && refusal == null) {
            return null;
        }
        ObjectNode item = message().put("status", "completed");
        ArrayNode parts = (ArrayNode) item.get("content");
        if (!content.isEmpty()) {
            ObjectNode text = outputText(content);
            if (logprobs != null && logprobs.path("content").isArray()) {
                text.set("logprobs", logprobs.get("content"));
            }
            parts.add(text);
        }
        if (refusal != null) {
            parts.addObject().put("type", "refusal").put("refusal", refusal);
        }
        return item;
    }

    /** A {@code function_call} item from a chat completion's tool call. */
    ObjectNode functionCall(JsonNode toolCall, String status) {
        return json.createObjectNode().put("id", newId("fc_")).put("type", "function_call").put("status", status)
                .put("call_id", toolCall.path("id").asText()).put("name", toolCall.path("function").path("name").asText())
                .put("arguments", toolCall.path("function").path("arguments").asText(""));
    }

    /** Chat completions' usage (summed over the rounds) in the Responses API's shape. */
    ObjectNode usage(JsonNode chat) {
        ObjectNode usage = json.createObjectNode().put("input_tokens", chat.path("prompt_tokens").asLong())
                .put("output_tokens", chat.path("completion_tokens").asLong())
                .put("total_tokens", chat.path("total_tokens").asLong());
        usage.putObject("input_tokens_details").put("cached_tokens", chat.path("prompt_tokens_details").path("cached_tokens").asLong());
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asLong());
        return usage;
    }

    /**
     * Sets the final {@code status} from chat's finish reason: {@code length} →
     * {@code incomplete} ({@code max_output_tokens}, or {@code max_tool_calls} when the gateway's
     * loop stopped at its round cap), {@code content_filter} → {@code incomplete}
     * ({@code content_filter}), anything else → {@code completed}.
     */
    void finish(ObjectNode response, String finishReason, JsonNode gateway) {
        String reason = switch (finishReason == null ? "" : finishReason) {
            case "length" -> gateway != null && gateway.path("stoppedAtRoundCap").asBoolean(false) ? "max_tool_calls"
                    : "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        response.put("status", reason == null ? "completed" : "incomplete");
        if (reason != null) {
            response.putObject("incomplete_details").put("reason", reason);
        }
    }

    /** The whole conversation a stored response continues with: the request's items, then the response's output. */
    ArrayNode conversation(ResponsesRequest request, ObjectNode response) {
        ArrayNode conversation = json.createArrayNode();
        // Instructions are not part of it: previous_response_id does not carry them over (OpenAI's rule).
        conversation.addAll(request.items);
        response.path("output").forEach(conversation::add);
        return conversation;
    }
}
