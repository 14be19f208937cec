package ai.crafted.gateway.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.chat.ChatLoop;
import ai.crafted.gateway.chat.ChatStreamSink;
import ai.crafted.gateway.chat.OpenAiErrors;
import ai.crafted.gateway.tools.ToolSet;

/**
 * The Responses API's streaming events (OpenAI's API reference, "Streaming events"), written
 * from the gateway's streamed loop: {@code response.created} and {@code response.in_progress};
 * the {@code mcp_list_tools} items; per message {@code response.output_item.added},
 * {@code response.content_part.added}, {@code response.output_text.delta} (or
 * {@code response.refusal.delta}), {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done}; per client function
 * call {@code response.function_call_arguments.delta} and {@code .done}; per plugin tool call
 * the gateway runs {@code response.mcp_call_arguments.delta}/{@code .done},
 * {@code response.mcp_call.in_progress}, then {@code response.mcp_call.completed} (or
 * {@code .failed}) with the item's output; and last {@code response.completed} (or
 * {@code response.incomplete}) with the whole Response. Each event is
 * {@code event: <type>} plus a JSON {@code data} with {@code type} and a
 * {@code sequence_number} from 0. A failure after the start is an {@code error} event
 * ({@code code}, {@code message}, {@code param}) followed by {@code response.failed}.
 */
final class ResponseEvents implements ChatStreamSink {

    /** A client function call being streamed. */
    private static final class FunctionCall {
        final ObjectNode item;
        final int outputIndex;
        final StringBuilder arguments = new StringBuilder();

        FunctionCall(ObjectNode item, int outputIndex) {
            this.item = item;
            this.outputIndex = outputIndex;
        }
    }

    private final RoutingContext rc;
    private final ObjectMapper json;
    private final ResponseObjects objects;
    private final ObjectNode response;
    private final ArrayNode listTools;
    private final ToolSet tools;
    private final Consumer<ObjectNode> completed;
    private HttpServerResponse out;
    private int sequence;
    private boolean started;
    private ObjectNode message;
    private int messageIndex;
    private StringBuilder text;
    private ArrayNode textLogprobs;
    private StringBuilder refusal;
    private final Map<Integer, FunctionCall> functionCalls = new LinkedHashMap<>();
    private final List<ObjectNode> running = new ArrayList<>();

    /**
     * @param response  the skeleton Response (status {@code in_progress}, no output)
     * @param listTools the {@code mcp_list_tools} items to open the output with
     * @param completed given the final Response before it is sent (to store it)
     */
    ResponseEvents(RoutingContext rc, ObjectMapper json, ResponseObjects objects, ObjectNode response, ArrayNode listTools,
            ToolSet tools, Consumer<ObjectNode> completed) {
        this.rc = rc;
        this.json = json;
        this.objects = objects;
        this.response = response;
        this.listTools = listTools;
        this.tools = tools;
        this.completed = completed;
    }

    @Override
    public void open(HttpServerResponse out) {
        this.out = out;
        out.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }

    private ArrayNode output() {
        return (ArrayNode) response.get("output");
    }

    private ObjectNode event(String type) {
        return json.createObjectNode().put("type", type);
    }

    private void emit(ObjectNode event) {
        event.put("sequence_number", sequence++);
        out.write("event: " + event.get("type").asText() + "\ndata: " + event + "\n\n");
    }

    private void emitForItem(String type, ObjectNode item, int outputIndex) {
        emit(event(type).put("item_id", item.path("id").asText()).put("output_index", outputIndex));
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        ObjectNode created = event("response.created");
        created.set("response", response.deepCopy());
        emit(created);
        ObjectNode inProgress = event("response.in_progress");
        inProgress.set("response", response.deepCopy());
        emit(inProgress);
        for (JsonNode item : listTools) {
            int index = output().size();
            output().add(item);
            itemAdded(item, index);
            emitForItem("response.mcp_list_tools.in_progress", (ObjectNode) item, index);
            emitForItem("response.mcp_list_tools.completed", (ObjectNode) item, index);
            itemDone(item, index);
        }
    }

    private void itemAdded(JsonNode item, int index) {
        ObjectNode added = event("response.output_item.added").put("output_index", index);
        added.set("item", item.deepCopy());
        emit(added);
    }

    private void itemDone(JsonNode item, int index) {
        ObjectNode done = event("response.output_item.done").put("output_index", index);
        done.set("item", item);
        emit(done);
    }

    @Override
    public void chunk(ObjectNode chunk) {
        if (!started && chunk.path("model").isTextual() && !chunk.get("model").asText().isEmpty()) {
            response.put("model", chunk.get("model").asText()); // the provider's name for it, as without streaming
        }
        start();
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual() && !delta.get("content").asText().isEmpty()) {
            String piece = delta.get("content").asText();
            openMessage();
            if (text == null) {
                closeRefusal();
                text = new StringBuilder();
                textLogprobs = json.createArrayNode();
                partAdded(objects.outputText(""));
            }
            text.append(piece);
            ObjectNode event = contentEvent("response.output_text.delta").put("delta", piece);
            ArrayNode logprobs = event.putArray("logprobs");
            if (choice.path("logprobs").path("content").isArray()) {
                logprobs.addAll((ArrayNode) choice.path("logprobs").path("content"));
                textLogprobs.addAll((ArrayNode) choice.path("logprobs").path("content"));
            }
            emit(event);
        }
        if (delta.path("refusal").isTextual() && !delta.get("refusal").asText().isEmpty()) {
            openMessage();
            if (refusal == null) {
                closeText();
                refusal = new StringBuilder();
                partAdded(json.createObjectNode().put("type", "refusal").put("refusal", ""));
            }
            refusal.append(delta.get("refusal").asText());
            emit(contentEvent("response.refusal.delta").put("delta", delta.get("refusal").asText()));
        }
        if (delta.path("tool_calls").isArray()) {
            for (JsonNode call : delta.get("tool_calls")) {
                functionCallDelta(call);
            }
        }
    }

    private void functionCallDelta(JsonNode call) {
        int index = call.path("index").asInt(functionCalls.size());
        FunctionCall state = functionCalls.get(index);
        if (state == null) {
            closeMessage();
            // Arguments arrive as deltas: the item starts with none.
            ObjectNode item = objects.functionCall(call, "in_progress").put("arguments", "");
            state = new FunctionCall(item, output().size());
            output().add(item);
            functionCalls.put(index, state);
            itemAdded(item, state.outputIndex);
        } else if (call.path("function").path("name").isTextual()) {
            state.item.put("name", state.item.path("name").asText() + call.path("function").path("name").asText());
        }
        String piece = call.path("function").path("arguments").asText("");
        if (!piece.isEmpty()) {
            state.arguments.append(piece);
            emit(event("response.function_call_arguments.delta").put("item_id", state.item.path("id").asText())
                    .put("output_index", state.outputIndex).put("delta", piece));
        }
    }

    private ObjectNode contentEvent(String type) {
        return event(type).put("item_id", message.path("id").asText()).put("output_index", messageIndex)
                .put("content_index", message.path("content").size());
    }

    private void openMessage() {
        if (message == null) {
            message = objects.message();
            messageIndex = output().size();
            output().add(message);
            itemAdded(message, messageIndex);
        }
    }

    private void partAdded(ObjectNode part) {
        ObjectNode added = contentEvent("response.content_part.added");
        added.set("part", part);
        emit(added);
    }

    private void closeText() {
        if (text == null) {
            return;
        }
        ObjectNode part = objects.outputText(text.toString());
        part.set("logprobs", textLogprobs);
        ObjectNode done = contentEvent("response.output_text.done").put("text", text.toString());
        done.set("logprobs", textLogprobs);
        emit(done);
        ObjectNode partDone = contentEvent("response.content_part.done");
        partDone.set("part", part);
        emit(partDone);
        ((ArrayNode) message.get("content")).add(part);
        text = null;
    }

    private void closeRefusal() {
        if (refusal == null) {
            return;
        }
        ObjectNode part = json.createObjectNode().put("type", "refusal").put("refusal", refusal.toString());
        emit(contentEvent("response.refusal.done").put("refusal", refusal.toString()));
        ObjectNode partDone = contentEvent("response.content_part.done");
        partDone.set("part", part);
        emit(partDone);
        ((ArrayNode) message.get("content")).add(part);
        refusal = null;
    }

    private void closeMessage() {
        if (message == null) {
            return;
        }
        closeText();
        closeRefusal();
        message.put("status", "completed");
        itemDone(message, messageIndex);
        message = null;
    }

    private void closeFunctionCalls() {
        for (FunctionCall call : functionCalls.values()) {
            call.item.put("arguments", call.arguments.toString()).put("status", "completed");
            emit(event("response.function_call_arguments.done").put("item_id", call.item.path("id").asText())
                    .put("output_index", call.outputIndex).put("name", call.item.path("name").asText())
                    .put("arguments", call.arguments.toString()));
            itemDone(call.item, call.outputIndex);
        }
        functionCalls.clear();
    }

    @Override
    public void comment(String text) {
        out.write(": " + text + "\n\n");
    }

    @Override
    public void toolsStarting(ArrayNode calls) {
        start();
        closeMessage();
        running.clear();
        for (JsonNode call : calls) {
            ObjectNode item = objects.mcpCall(tools.find(call.path("function").path("name").asText()).orElseThrow(), call);
            int index = output().size();
            output().add(item);
            running.add(item);
            String arguments = item.path("arguments").asText();
            // Added without arguments, which follow as their delta (as a function call's do).
            itemAdded(item.deepCopy().put("arguments", ""), index);
            emit(event("response.mcp_call_arguments.delta").put("item_id", item.path("id").asText()).put("output_index", index)
                    .put("delta", arguments));
            emit(event("response.mcp_call_arguments.done").put("item_id", item.path("id").asText()).put("output_index", index)
                    .put("arguments", arguments));
            emitForItem("response.mcp_call.in_progress", item, index);
        }
    }

    @Override
    public void toolsDone(ArrayNode calls, ChatLoop.ToolResults results) {
        for (int i = 0; i < running.size() && i < results.messages().size(); i++) {
            ObjectNode item = running.get(i);
            ResponseObjects.completed(item, results.messages().get(i).path("content").asText(), results.failed(i));
            int index = indexOf(item);
            emitForItem("failed".equals(item.path("status").asText()) ? "response.mcp_call.failed"
                    : "response.mcp_call.completed", item, index);
            itemDone(item, index);
        }
        running.clear();
    }

    private int indexOf(ObjectNode item) {
        for (int i = output().size() - 1; i >= 0; i--) {
            if (output().get(i) == item) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void finish(String finishReason, ObjectNode gateway, ObjectNode usage) {
        start();
        closeMessage();
        closeFunctionCalls();
        // Calls that wait for a human's approval (README "Approvals"), as the non-streamed output lists them.
        for (JsonNode approval : gateway.path("approvalRequests")) {
            ObjectNode item = objects.mcpApprovalRequest(approval, tools.find(approval.path("tool").asText())
                    .map(tool -> tool.plugin().state().slug()).orElse(""));
            int index = output().size();
            output().add(item);
            itemAdded(item, index);
            itemDone(item, index);
        }
        response.set("usage", usage == null ? json.nullNode() : objects.usage(usage));
        objects.finish(response, finishReason, gateway);
        response.set("gateway", gateway);
        completed.accept(response);
        ObjectNode last = event("completed".equals(response.path("status").asText()) ? "response.completed" : "response.incomplete");
        last.set("response", response);
        emit(last);
        out.end();
    }

    @Override
    public void fail(Throwable failure) {
        start();
        JsonObject error = OpenAiErrors.streamed(rc, failure).getJsonObject("error");
        String code = error.getString("code") != null ? error.getString("code") : error.getString("type", "api_error");
        ObjectNode event = event("error").put("code", code).put("message", error.getString("message", "the response failed"));
        event.put("param", error.getString("param"));
        emit(event);
        response.put("status", "failed");
        response.putObject("error").put("code", code).put("message", error.getString("message", "the response failed"));
        ObjectNode failed = event("response.failed");
        failed.set("response", response);
        emit(failed);
        out.end();
    }
}
