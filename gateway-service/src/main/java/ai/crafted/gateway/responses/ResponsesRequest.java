package ai.crafted.gateway.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.tools.compiler.ToolsArrays.Offered;

/**
 * A {@code POST /v1/responses} body (OpenAI's Responses API) read, checked and translated to the
 * chat completions request the gateway's loop runs. The translation (OpenAI's API reference for
 * both endpoints):
 * <ul>
 * <li>{@code instructions} → a first {@code system} message; {@code input} (a string: one user
 * message; or items) → messages: {@code message} items by role ({@code developer} becomes
 * {@code system}, which every chat provider takes), their parts {@code input_text} /
 * {@code output_text} → text, {@code input_image} → {@code image_url}, {@code input_file} →
 * {@code file}, {@code refusal} → the assistant's refusal; {@code function_call} → the
 * assistant's {@code tool_calls}; {@code function_call_output} → a {@code tool} message;
 * {@code mcp_call} → a tool call of the plugin tool and its output (taken from the stored item
 * when the client leaves it out, as the Agents SDK does); {@code item_reference} → the stored
 * item; {@code reasoning} and {@code mcp_list_tools} are informational and dropped.</li>
 * <li>{@code previous_response_id}: the stored conversation goes first ({@link StoredResponses}).</li>
 * <li>{@code tools}: {@code function} tools → chat function tools (the client's, never run
 * here); {@code mcp} tools name the organisation's plugins by {@code server_label} = slug,
 * {@code allowed_tools} narrowing them; no {@code tools} at all → every plugin. A
 * {@code server_url}, {@code connector_id}, {@code headers} or {@code authorization} is refused
 * (no arbitrary egress; credentials come from the control panel), and so is
 * {@code require_approval} other than {@code never} until approvals exist.</li>
 * <li>{@code tool_choice} → chat's, MCP tools by their exposed name; {@code max_output_tokens} →
 * {@code max_completion_tokens}; {@code text.format} → {@code response_format};
 * {@code text.verbosity} → {@code verbosity}; {@code reasoning.effort} → {@code reasoning_effort};
 * {@code top_logprobs} → {@code logprobs} + {@code top_logprobs}; sampling and identity fields as they are.</li>
 * <li>Refused: {@code background: true}, {@code conversation}, {@code prompt},
 * {@code max_tool_calls}, hosted tools (web search, file search, …) and unknown parameters
 * ({@code unknown_parameter}, as OpenAI does). Accepted and not acted on: {@code include},
 * {@code truncation}, {@code stream_options}, {@code metadata} (echoed back).</li>
 * </ul>
 */
final class ResponsesRequest {

    /** An {@code mcp} tool of the request: a plugin by slug, optionally narrowed to some of its tools. */
    record McpServer(String label, Set<String> allowedTools, String param) {
    }

    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "tools", "tool_choice", "stream",
            "stream_options", "store", "previous_response_id", "temperature", "top_p", "max_output_tokens",
            "parallel_tool_calls", "metadata", "text", "reasoning", "user", "service_tier", "safety_identifier",
            "prompt_cache_key", "prompt_cache_retention", "top_logprobs", "include", "truncation", "background",
            "conversation", "prompt", "max_tool_calls");
    private static final Set<String> REFUSED = Set.of("conversation", "prompt", "max_tool_calls");
    /** Passed to chat completions as they are. */
    private static final List<String> SAME = List.of("temperature", "top_p", "parallel_tool_calls", "user", "service_tier",
            "safety_identifier", "prompt_cache_key", "prompt_cache_retention");
    private static final Set<String> INFORMATIONAL = Set.of("reasoning", "mcp_list_tools");

    final ObjectNode body;
    final String model;
    final boolean stream;
    final boolean store;
    /** Null: the request named no tools, every plugin is offered. */
    final List<McpServer> mcpServers;
    final ArrayNode clientTools;
    /** The {@code param} paths of hosted tools' types in the request (refused unless passed through). */
    final List<String> hostedTools;
    /** The conversation as Responses items, previous responses' first, references resolved ({@link #resolveInput}). */
    final ArrayNode items;
    /** The index in {@link #items} of this request's first input item (earlier ones are the previous responses'). */
    int firstInput;

    private final ObjectMapper json;

    private ResponsesRequest(ObjectMapper json, ObjectNode body, List<McpServer> mcpServers, ArrayNode clientTools,
            List<String> hostedTools) {
        this.hostedTools = hostedTools;
        this.json = json;
        this.body = body;
        this.model = body.get("model").asText();
        this.stream = body.path("stream").asBoolean(false);
        this.store = body.path("store").asBoolean(true);
        this.mcpServers = mcpServers;
        this.clientTools = clientTools;
        this.items = json.createArrayNode();
    }

    /**
     * Reads and checks a body's parameters and tools ({@code input} is read by {@link #resolveInput}).
     *
     * @throws RequestRefused with the first problem in reading order
     */
    static ResponsesRequest read(ObjectMapper json, ObjectNode body) {
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!KNOWN.contains(field)) {
                throw new RequestRefused("Unknown parameter: '" + field + "'.", "unknown_parameter", field);
            }
            if (REFUSED.contains(field) && !body.get(field).isNull()) {
                throw new RequestRefused("'" + field + "' is not supported by this gateway", "unsupported_parameter", field);
            }
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new RequestRefused("Missing required parameter: 'model'.", "missing_required_parameter", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new RequestRefused("'model' must be a non-empty string", "invalid_type", "model");
        }
        for (String flag : List.of("stream", "store", "background", "parallel_tool_calls")) {
            if (body.hasNonNull(flag) && !body.get(flag).isBoolean()) {
                throw new RequestRefused("'" + flag + "' must be a boolean", "invalid_type", flag);
            }
        }
        if (body.path("background").asBoolean(false)) {
            throw new RequestRefused("'background' responses are not supported by this gateway: send the request and"
                    + " wait (or stream it)", "unsupported_parameter", "background");
        }
        for (String text : List.of("instructions", "previous_response_id")) {
            if (body.hasNonNull(text) && !body.get(text).isTextual()) {
                throw new RequestRefused("'" + text + "' must be a string", "invalid_type", text);
            }
        }
        for (String number : List.of("temperature", "top_p", "max_output_tokens", "top_logprobs")) {
            if (body.hasNonNull(number) && !body.get(number).isNumber()) {
                throw new RequestRefused("'" + number + "' must be a number", "invalid_type", number);
            }
        }
        if (body.hasNonNull("max_output_tokens") && (!body.get("max_output_tokens").isIntegralNumber()
                || !body.get("max_output_tokens").canConvertToInt() || body.get("max_output_tokens").asInt() < 16)) {
            throw new RequestRefused("'max_output_tokens' must be an integer of at least 16", "invalid_value", "max_output_tokens");
        }
        for (String object : List.of("text", "reasoning", "metadata", "stream_options")) {
            if (body.hasNonNull(object) && !body.get(object).isObject()) {
                throw new RequestRefused("'" + object + "' must be an object", "invalid_type", object);
            }
        }
        checkMetadata(body.get("metadata"));
        checkFormat(body.path("text").get("format"));
        List<McpServer> servers = null;
        ArrayNode clientTools = json.createArrayNode();
        List<String> hosted = new ArrayList<>();
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw new RequestRefused("'tools' must be an array", "invalid_type", "tools");
            }
            if (!tools.isEmpty()) {
                servers = new ArrayList<>();
                for (int i = 0; i < tools.size(); i++) {
                    readTool(json, tools.get(i), "tools[" + i + "]", servers, clientTools, hosted);
                }
            }
        }
        if (body.has("input") && !body.get("input").isNull() && !body.get("input").isTextual() && !body.get("input").isArray()) {
            throw new RequestRefused("'input' must be a string or an array of items", "invalid_type", "input");
        }
        return new ResponsesRequest(json, body, servers, clientTools, hosted);
    }

    /** Whether the request continues state ({@code previous_response_id}, an {@code item_reference}): the gateway's own. */
    boolean refersToStoredState() {
        if (body.hasNonNull("previous_response_id")) {
            return true;
        }
        for (JsonNode item : body.path("input")) {
            if ("item_reference".equals(item.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses hosted tools (web search, file search, code interpreter, …): the gateway runs none,
     * so they can only go, as they are, to a provider that serves the Responses API itself.
     */
    void refuseHostedTools() {
        if (!hostedTools.isEmpty()) {
            String param = hostedTools.get(0);
            throw new RequestRefused("'" + param + "' '" + body.at("/" + param.replace("[", "/").replace("]", "")
                    .replace(".", "/")).asText() + "' is not supported here: tools are function tools and mcp tools naming"
                    + " the organisation's plugins (hosted tools go only to an upstream with responses-api=true, in a"
                    + " request without plugin tools)", "unsupported_tool", param);
        }
    }

    /**
     * Reads {@code input} into {@link #items}: the stored conversation of
     * {@code previous_response_id} first, then the items, checked, references resolved.
     *
     * @throws RequestRefused for a bad item or a previous response or item that is not kept
     */
    void resolveInput(UUID organization, StoredResponses stored) {
        if (body.hasNonNull("previous_response_id")) {
            String id = body.get("previous_response_id").asText();
            StoredResponses.Stored previous = stored.find(organization, id).orElseThrow(() -> new RequestRefused(
                    "Previous response with id '" + id + "' not found (responses are kept for a while by the gateway"
                            + " instance that answered them, unless sent with store: false)",
                    "previous_response_not_found", "previous_response_id"));
            items.addAll(previous.conversation());
        }
        int previous = items.size();
        firstInput = previous;
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            if (!body.hasNonNull("previous_response_id")) {
                throw new RequestRefused("Missing required parameter: 'input'.", "missing_required_parameter", "input");
            }
        } else if (input.isTextual()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                items.add(resolved(input.get(i), "input[" + i + "]", organization, stored));
            }
        }
        checkCallsAnswered(previous);
    }

    /**
     * Every {@code function_call_output} answers a {@code function_call} before it, and every
     * {@code function_call} is answered (OpenAI refuses both, and a chat provider would refuse the
     * translated conversation further down).
     *
     * @param firstInput the index in {@link #items} of the request's first input item (earlier ones
     *                   come from {@code previous_response_id})
     */
    private void checkCallsAnswered(int firstInput) {
        Set<String> called = new java.util.HashSet<>();
        Set<String> answered = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String type = item.path("type").asText();
            String callId = item.path("call_id").asText(null);
            String param = i >= firstInput ? "input[" + (i - firstInput) + "].call_id" : "previous_response_id";
            if (type.equals("function_call")) {
                called.add(callId);
            } else if (type.equals("function_call_output")) {
                if (!called.contains(callId)) {
                    throw new RequestRefused("No tool call found for function call output with call_id '" + callId
                            + "': the function_call item must come before its output", "tool_call_not_found", param);
                }
                answered.add(callId);
            }
        }
        for (String callId : called) {
            if (!answered.contains(callId)) {
                throw new RequestRefused("No tool output found for function call '" + callId + "': send a"
                        + " function_call_output item with that call_id", "tool_output_missing", "input");
            }
        }
    }

    /**
     * {@code metadata}: at most 16 pairs, keys of at most 64 characters, string values of at most
     * 512 (OpenAI's limits): it is stored and echoed, so it must stay small.
     */
    private static void checkMetadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (metadata.size() > 16) {
            throw new RequestRefused("'metadata' may hold at most 16 pairs", "invalid_value", "metadata");
        }
        for (var pair : metadata.properties()) {
            if (pair.getKey().length() > 64) {
                throw new RequestRefused("'metadata' keys are at most 64 characters", "invalid_value", "metadata");
            }
            if (!pair.getValue().isTextual() || pair.getValue().asText().length() > 512) {
                throw new RequestRefused("'metadata." + pair.getKey() + "' must be a string of at most 512 characters",
                        pair.getValue().isTextual() ? "invalid_value" : "invalid_type", "metadata." + pair.getKey());
            }
        }
    }

    /** {@code text.format}: an object of type text, json_object, or json_schema with a name and a schema object. */
    private static void checkFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        if (!format.isObject()) {
            throw new RequestRefused("'text.format' must be an object", "invalid_type", "text.format");
        }
        String type = format.path("type").isTextual() ? format.get("type").asText() : "";
        if (!Set.of("text", "json_object", "json_schema").contains(type)) {
            throw new RequestRefused("'text.format.type' must be text, json_object or json_schema", "invalid_value",
                    "text.format.type");
        }
        if (type.equals("json_schema")) {
            if (!format.path("name").isTextual()) {
                throw new RequestRefused("'text.format.name' is required for json_schema", "missing_required_parameter",
                        "text.format.name");
            }
            if (!format.path("schema").isObject()) {
                throw new RequestRefused("'text.format.schema' must be a JSON Schema object", "invalid_type", "text.format.schema");
            }
        }
    }

    /** An input item checked; an {@code item_reference} replaced by the stored item. */
    private static JsonNode resolved(JsonNode item, String param, UUID organization, StoredResponses stored) {
        if (!item.isObject()) {
            throw new RequestRefused("'" + param + "' must be an object", "invalid_type", param);
        }
        if (item.hasNonNull("type") && !item.get("type").isTextual()) {
            throw new RequestRefused("'" + param + ".type' must be a string", "invalid_type", param + ".type");
        }
        if (item.hasNonNull("role") && !item.get("role").isTextual()) {
            throw new RequestRefused("'" + param + ".role' must be a string", "invalid_type", param + ".role");
        }
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        if (type.equals("item_reference")) {
            requireText(item, "id", param);
            String id = item.get("id").asText();
            return stored.item(organization, id).orElseThrow(() -> new RequestRefused("Item with id '" + id
                    + "' not found (items are kept with their response for a while, unless sent with store: false)",
                    "item_not_found", param + ".id"));
        }
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText("");
                if (!Set.of("user", "system", "developer", "assistant").contains(role)) {
                    throw new RequestRefused("'" + param + ".role' must be one of user, system, developer, assistant",
                            "invalid_value", param + ".role");
                }
                JsonNode content = item.get("content");
                if (content == null || !(content.isTextual() || content.isArray())) {
                    throw new RequestRefused("'" + param + ".content' must be a string or an array of content parts",
                            "invalid_type", param + ".content");
                }
                for (int j = 0; j < content.size(); j++) {
                    checkPart(content.get(j), role, param + ".content[" + j + "]");
                }
            }
            case "function_call" -> {
                requireText(item, "call_id", param);
                requireText(item, "name", param);
                requireText(item, "arguments", param);
            }
            case "function_call_output" -> {
                requireText(item, "call_id", param);
                JsonNode output = item.get("output");
                if (output == null || !(output.isTextual() || output.isArray())) {
                    throw new RequestRefused("'" + param + ".output' must be a string or an array of content parts",
                            "invalid_type", param + ".output");
                }
            }
            case "mcp_call" -> {
                requireText(item, "id", param);
                requireText(item, "server_label", param);
                requireText(item, "name", param);
            }
            case "reasoning", "mcp_list_tools" -> {
            }
            default -> throw new RequestRefused("'" + param + ".type' " + (type.isEmpty() ? "is required"
                    : "'" + type + "' is not supported by this gateway") + ": items are message, function_call,"
                    + " function_call_output, mcp_call, item_reference (reasoning and mcp_list_tools are dropped)",
                    type.isEmpty() ? "missing_required_parameter" : "unsupported_item", param + ".type");
        }
        if (type.equals("mcp_call") && !item.hasNonNull("output") && !item.hasNonNull("error")) {
            // The Agents SDK sends its MCP calls back without their output: the stored item has it.
            Optional<JsonNode> storedCall = stored.item(organization, item.get("id").asText());
            if (storedCall.isPresent()) {
                return storedCall.get();
            }
        }
        return item;
    }

    /** A content part: its type allowed for the role, its fields present (what OpenAI requires of each). */
    private static void checkPart(JsonNode part, String role, String param) {
        if (!part.isObject()) {
            throw new RequestRefused("'" + param + "' must be an object", "invalid_type", param);
        }
        String type = part.path("type").asText("");
        Set<String> allowed = role.equals("assistant") ? Set.of("output_text", "refusal", "input_text", "text")
                : Set.of("input_text", "input_image", "input_file", "text", "output_text");
        if (!allowed.contains(type)) {
            throw new RequestRefused("'" + param + ".type' must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + " for a " + role + " message", type.isEmpty() ? "missing_required_parameter" : "unsupported_content",
                    param + ".type");
        }
        switch (type) {
            case "refusal" -> requireText(part, "refusal", param);
            case "input_image" -> {
                if (!part.path("image_url").isTextual()) {
                    throw new RequestRefused("'" + param + ".image_url' must be a URL or a data: URL (file_id is not"
                            + " supported by this gateway)", part.has("file_id") ? "unsupported_parameter"
                                    : "missing_required_parameter", param + ".image_url");
                }
            }
            case "input_file" -> {
                if (!part.path("file_data").isTextual() && !part.path("file_id").isTextual()) {
                    throw new RequestRefused("'" + param + "' needs file_data (with filename) or file_id",
                            "missing_required_parameter", param + ".file_data");
                }
            }
            default -> requireText(part, "text", param);
        }
    }

    private static void requireText(JsonNode item, String field, String param) {
        if (!item.path(field).isTextual()) {
            throw new RequestRefused("'" + param + "." + field + "' must be a string", item.has(field) ? "invalid_type"
                    : "missing_required_parameter", param + "." + field);
        }
    }

    /**
     * Whether an object {@code require_approval} asks approval for no tool: only {@code never}
     * ({@code {"never":{"tool_names":[…]}}}), and {@code always} naming no tool.
     */
    private static boolean neverAsksApproval(JsonNode approval) {
        if (!approval.isObject()) {
            return false;
        }
        JsonNode always = approval.get("always");
        boolean asksNone = always == null || always.isNull()
                || always.path("tool_names").isArray() && always.path("tool_names").isEmpty() && !always.path("read_only").asBoolean(false);
        for (String field : (Iterable<String>) approval::fieldNames) {
            if (!field.equals("never") && !field.equals("always")) {
                return false;
            }
        }
        return asksNone;
    }

    private static void readTool(ObjectMapper json, JsonNode tool, String param, List<McpServer> servers, ArrayNode clientTools,
            List<String> hosted) {
        if (!tool.isObject()) {
            throw new RequestRefused("'" + param + "' must be an object", "invalid_type", param);
        }
        String type = tool.path("type").asText("");
        if (type.equals("function")) {
            requireText(tool, "name", param);
            ObjectNode function = json.createObjectNode().put("name", tool.get("name").asText());
            for (String field : List.of("description", "parameters", "strict")) {
                if (tool.hasNonNull(field)) {
                    function.set(field, tool.get(field));
                }
            }
            ObjectNode chatTool = clientTools.addObject().put("type", "function");
            chatTool.set("function", function);
            return;
        }
        if (!type.equals("mcp")) {
            // A hosted tool (web search, file search, …): only a provider's own Responses API can run it.
            hosted.add(param + ".type");
            return;
        }
        requireText(tool, "server_label", param);
        for (String egress : List.of("server_url", "connector_id", "headers", "authorization")) {
            if (tool.hasNonNull(egress)) {
                throw new RequestRefused("'" + param + "." + egress + "' is not accepted: an mcp tool names one of the"
                        + " organisation's plugins by server_label (its slug), installed in the control panel with"
                        + " its credentials; the gateway calls no other server", "unsupported_parameter", param + "." + egress);
            }
        }
        JsonNode approval = tool.get("require_approval");
        if (approval != null && !approval.isNull() && !"never".equals(approval.asText()) && !neverAsksApproval(approval)) {
            throw new RequestRefused("'" + param + ".require_approval' must be \"never\" (or absent): which tools need a"
                    + " human's approval is the organisation's tool policy, not the request's; such calls are answered with"
                    + " mcp_approval_request items, and \"never\" does not skip them", "unsupported_parameter",
                    param + ".require_approval");
        }
        Set<String> allowed = null;
        JsonNode allowedTools = tool.get("allowed_tools");
        if (allowedTools != null && !allowedTools.isNull()) {
            JsonNode names = allowedTools.isObject() ? allowedTools.path("tool_names") : allowedTools;
            if (allowedTools.isObject() && allowedTools.path("read_only").asBoolean(false)) {
                throw new RequestRefused("'" + param + ".allowed_tools.read_only' is not supported: list the tools"
                        + " in tool_names", "unsupported_parameter", param + ".allowed_tools.read_only");
            }
            if (!names.isArray()) {
                throw new RequestRefused("'" + param + ".allowed_tools' must be an array of tool names or an object"
                        + " with tool_names", "invalid_type", param + ".allowed_tools");
            }
            allowed = new LinkedHashSet<>();
            for (JsonNode name : names) {
                if (!name.isTextual()) {
                    throw new RequestRefused("'" + param + ".allowed_tools' must hold tool names (strings)",
                            "invalid_type", param + ".allowed_tools");
                }
                allowed.add(name.asText());
            }
        }
        String label = tool.get("server_label").asText();
        if (servers.stream().anyMatch(s -> s.label().equals(label))) {
            throw new RequestRefused("'" + param + ".server_label' '" + label + "' appears twice", "invalid_value",
                    param + ".server_label");
        }
        servers.add(new McpServer(label, allowed, param));
    }

    /** Whether an offered plugin tool stays offered under the request's {@code mcp} tools. */
    boolean keeps(Offered<Plugin> tool) {
        if (mcpServers == null) {
            return true;
        }
        for (McpServer server : mcpServers) {
            if (server.label().equals(tool.plugin().state().slug())) {
                return server.allowedTools() == null || server.allowedTools().contains(tool.tool().tool().name());
            }
        }
        return false;
    }

    /**
     * The chat completions request, without {@code tools} (the loop adds the surface's), with
     * {@code tool_choice} naming the exposed tool names of {@code tools}.
     *
     * @throws RequestRefused when {@code tool_choice} names no tool of the offer
     */
    ObjectNode chatRequest(ToolSet tools) {
        ObjectNode chat = json.createObjectNode().put("model", model);
        ArrayNode messages = chat.putArray("messages");
        if (body.hasNonNull("instructions")) {
            messages.addObject().put("role", "system").put("content", body.get("instructions").asText());
        }
        for (JsonNode item : items) {
            addMessages(messages, item, tools);
        }
        if (messages.isEmpty()) {
            throw new RequestRefused("'input' must hold at least one message", "empty_array", "input");
        }
        for (String field : SAME) {
            if (body.hasNonNull(field)) {
                chat.set(field, body.get(field));
            }
        }
        if (body.hasNonNull("max_output_tokens")) {
            chat.set("max_completion_tokens", body.get("max_output_tokens"));
        }
        if (body.hasNonNull("top_logprobs")) {
            chat.put("logprobs", true).set("top_logprobs", body.get("top_logprobs"));
        }
        if (body.path("reasoning").hasNonNull("effort")) {
            chat.set("reasoning_effort", body.path("reasoning").get("effort"));
        }
        JsonNode text = body.path("text");
        if (text.hasNonNull("verbosity")) {
            chat.set("verbosity", text.get("verbosity"));
        }
        JsonNode format = text.path("format");
        switch (format.path("type").asText("text")) {
            case "text" -> {
            }
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = json.createObjectNode();
                for (String field : List.of("name", "description", "schema", "strict")) {
                    if (format.hasNonNull(field)) {
                        schema.set(field, format.get(field));
                    }
                }
                ObjectNode responseFormat = chat.putObject("response_format").put("type", "json_schema");
                responseFormat.set("json_schema", schema);
            }
            default -> throw new RequestRefused("'text.format.type' must be text, json_object or json_schema",
                    "invalid_value", "text.format.type");
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            chat.set("tool_choice", toolChoice(choice, tools));
        }
        return chat;
    }

    /**
     * The Responses API's {@code tool_choice} in chat completions' terms: {@code none},
     * {@code auto}, {@code required}; {@code {"type":"function","name"}} naming one of the
     * request's function tools (or a plugin tool by the name the model sees);
     * {@code {"type":"mcp","server_label","name"?}} one plugin tool, or any of one plugin's
     * ({@code allowed_tools} with mode {@code required}); {@code {"type":"allowed_tools","mode",
     * "tools":[…]}} with entries of those two kinds.
     *
     * @throws RequestRefused naming what is not offered to this request
     */
    private JsonNode toolChoice(JsonNode choice, ToolSet tools) {
        if (choice.isTextual()) {
            if (!Set.of("none", "auto", "required").contains(choice.asText())) {
                throw new RequestRefused("'tool_choice' must be none, auto, required or an object", "invalid_value", "tool_choice");
            }
            return choice;
        }
        String type = choice.path("type").asText("");
        if (type.equals("allowed_tools")) {
            String mode = choice.path("mode").asText("");
            if (!Set.of("auto", "required").contains(mode) || !choice.path("tools").isArray()) {
                throw new RequestRefused("'tool_choice' of type allowed_tools needs mode auto or required and a tools array",
                        "invalid_value", "tool_choice");
            }
            ArrayNode allowed = json.createArrayNode();
            for (JsonNode entry : choice.get("tools")) {
                functionNames(entry, tools).forEach(name -> allowed.addObject().put("type", "function").putObject("function")
                        .put("name", name));
            }
            return allowedTools(mode, allowed);
        }
        if (type.equals("function") || type.equals("mcp")) {
            List<String> names = functionNames(choice, tools);
            if (names.size() == 1 && (type.equals("function") || choice.hasNonNull("name"))) {
                return namedFunction(names.get(0));
            }
            ArrayNode allowed = json.createArrayNode();
            names.forEach(name -> allowed.addObject().put("type", "function").putObject("function").put("name", name));
            return allowedTools("required", allowed);
        }
        throw new RequestRefused("'tool_choice' must be none, auto, required, {\"type\":\"function\",\"name\"},"
                + " {\"type\":\"mcp\",\"server_label\",\"name\"?} or {\"type\":\"allowed_tools\",\"mode\",\"tools\"}",
                "invalid_value", "tool_choice");
    }

    private ObjectNode allowedTools(String mode, ArrayNode tools) {
        ObjectNode choice = json.createObjectNode().put("type", "allowed_tools");
        choice.putObject("allowed_tools").put("mode", mode).set("tools", tools);
        return choice;
    }

    /** The names the model sees for a {@code function} or {@code mcp} entry of {@code tool_choice}. */
    private List<String> functionNames(JsonNode entry, ToolSet tools) {
        String type = entry.path("type").asText("");
        String name = entry.path("name").asText(null);
        if (type.equals("function") && name != null) {
            boolean client = clientTools.findValues("name").stream().anyMatch(n -> n.asText().equals(name));
            if (!client && !tools.offers(name)) {
                throw new RequestRefused("'tool_choice' names the function '" + name + "', which is not one of this"
                        + " request's function tools; choose a plugin tool with {\"type\":\"mcp\",\"server_label\","
                        + "\"name\"}", "invalid_value", "tool_choice");
            }
            return List.of(name);
        }
        if (type.equals("mcp") && entry.path("server_label").isTextual()) {
            String label = entry.get("server_label").asText();
            List<String> names = offeredNames(tools, label, name);
            if (names.isEmpty()) {
                throw new RequestRefused("'tool_choice' names " + (name == null ? "" : "the tool '" + name + "' of ")
                        + "the plugin '" + label + "', which " + (name == null ? "has no tool" : "is not") + " offered to"
                        + " this request", "invalid_value", "tool_choice");
            }
            return names;
        }
        throw new RequestRefused("a 'tool_choice' entry must be {\"type\":\"function\",\"name\"} or"
                + " {\"type\":\"mcp\",\"server_label\",\"name\"?}", "invalid_value", "tool_choice");
    }

    private ObjectNode namedFunction(String name) {
        ObjectNode named = json.createObjectNode().put("type", "function");
        named.putObject("function").put("name", name);
        return named;
    }

    /** The name the model knows a plugin's tool by, when it is offered. */
    static Optional<String> exposedName(ToolSet tools, String label, String toolName) {
        return offeredNames(tools, label, toolName).stream().findFirst();
    }

    /** The names the model knows a plugin's offered tools by: all of them, or the one named {@code toolName} (null: all). */
    private static List<String> offeredNames(ToolSet tools, String label, String toolName) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Offered<Plugin>> offered : tools.offered().entrySet()) {
            if (offered.getValue().plugin().state().slug().equals(label)
                    && (toolName == null || offered.getValue().tool().tool().name().equals(toolName))) {
                names.add(offered.getKey());
            }
        }
        return names;
    }

    private void addMessages(ArrayNode messages, JsonNode item, ToolSet tools) {
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        if (INFORMATIONAL.contains(type)) {
            return;
        }
        switch (type) {
            case "message" -> {
                String role = item.path("role").asText();
                ObjectNode message = json.createObjectNode().put("role", role.equals("developer") ? "system" : role);
                JsonNode content = item.get("content");
                if (content.isTextual()) {
                    message.put("content", content.asText());
                } else if (role.equals("assistant")) {
                    StringBuilder said = new StringBuilder();
                    for (JsonNode part : content) {
                        if (part.path("type").asText().equals("refusal")) {
                            message.put("refusal", part.path("refusal").asText());
                        } else {
                            said.append(part.path("text").asText(""));
                        }
                    }
                    message.put("content", said.toString());
                } else {
                    message.set("content", parts(content));
                }
                messages.add(message);
            }
            case "function_call" -> toolCall(messages, item.get("call_id").asText(), item.get("name").asText(),
                    item.get("arguments").asText());
            case "function_call_output" -> {
                JsonNode output = item.get("output");
                String text = output.isTextual() ? output.asText() : textOf(output);
                messages.addObject().put("role", "tool").put("tool_call_id", item.get("call_id").asText()).put("content", text);
            }
            case "mcp_call" -> {
                String label = item.get("server_label").asText();
                String name = item.get("name").asText();
                String id = chatCallId(item.get("id").asText());
                toolCall(messages, id, exposedName(tools, label, name).orElse(label + "__" + name),
                        item.path("arguments").asText("{}"));
                String output = item.hasNonNull("output") ? item.get("output").asText()
                        : item.hasNonNull("error") ? "Error: " + item.get("error").asText()
                                : "(the output of this call is no longer kept)";
                messages.addObject().put("role", "tool").put("tool_call_id", id).put("content", output);
            }
            default -> {
            }
        }
    }

    /**
     * The chat tool-call id for an {@code mcp_call} item's id: OpenAI's chat completions take at
     * most 40 characters there, and item ids are longer ({@code mcp_} + 48 hex). The same item id
     * always gives the same call id (the call and its {@code tool} message must agree).
     */
    static String chatCallId(String itemId) {
        if (itemId.length() <= 40) {
            return itemId;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(itemId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "call_" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tool call joins the assistant turn right before it (text or other calls), as one chat message. */
    private void toolCall(ArrayNode messages, String id, String name, String arguments) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ObjectNode turn;
        if (last instanceof ObjectNode assistant && "assistant".equals(assistant.path("role").asText())) {
            turn = assistant;
        } else {
            turn = messages.addObject().put("role", "assistant");
            turn.putNull("content");
        }
        ArrayNode calls = turn.path("tool_calls") instanceof ArrayNode existing ? existing : turn.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
    }

    /** User, system and developer content parts (checked by {@link #checkPart}) in chat completions' shape. */
    private ArrayNode parts(JsonNode content) {
        ArrayNode parts = json.createArrayNode();
        for (JsonNode part : content) {
            switch (part.path("type").asText("")) {
                case "input_image" -> {
                    ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", part.get("image_url").asText());
                    if (part.hasNonNull("detail")) {
                        image.set("detail", part.get("detail"));
                    }
                }
                case "input_file" -> {
                    ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                    for (String field : List.of("file_data", "file_id", "filename")) {
                        if (part.hasNonNull(field)) {
                            file.set(field, part.get(field));
                        }
                    }
                }
                default -> parts.addObject().put("type", "text").put("text", part.path("text").asText(""));
            }
        }
        return parts;
    }

    private static String textOf(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    /**
     * This request's input items (not the previous responses'), each with an id as OpenAI lists
     * them ({@code GET /v1/responses/{id}/input_items}): the client's, or a new one by type.
     */
    ArrayNode inputItems() {
        ArrayNode input = json.createArrayNode();
        for (int i = firstInput; i < items.size(); i++) {
            ObjectNode item = ((ObjectNode) items.get(i)).deepCopy();
            if (!item.hasNonNull("type")) {
                item.put("type", "message");
            }
            if (!item.hasNonNull("id")) {
                String type = item.get("type").asText();
                item.put("id", ResponseObjects.newId(type.equals("message") ? "msg_" : type.equals("function_call_output")
                        ? "fco_" : type.equals("function_call") ? "fc_" : "item_"));
            }
            input.add(item);
        }
        return input;
    }

    /** The request's fields a Response object repeats (OpenAI's Response has them all; absent ones are null). */
    Map<String, JsonNode> echoed() {
        Map<String, JsonNode> echo = new LinkedHashMap<>();
        for (String field : List.of("instructions", "max_output_tokens", "metadata", "parallel_tool_calls",
                "previous_response_id", "reasoning", "service_tier", "temperature", "text", "tool_choice", "tools",
                "top_p", "truncation", "user", "top_logprobs")) {
            echo.put(field, body.get(field));
        }
        return echo;
    }
}
