package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.gateway.tools.ToolSet;

/**
 * One streamed model turn, read chunk by chunk ({@code chat.completion.chunk}, OpenAI's
 * streaming format): what may reach the client is handed on at once, rewritten to the
 * conversation's identity; what may not is kept.
 * <ul>
 * <li>Content (and refusal, logprobs, provider extras) is passed on as it arrives.</li>
 * <li>A tool call is held while its name, which may arrive in pieces, could still be an injected
 * tool's; once it cannot, it is the client's: its held pieces and everything after go out,
 * renumbered ({@code index}) among the client's calls. Injected calls never go out.</li>
 * <li>{@code finish_reason} and {@code usage} are kept: the loop decides the finish and sums usage.</li>
 * <li>Only choice 0 exists here ({@code n > 1} is refused when tools are injected).</li>
 * </ul>
 */
final class StreamedRound {

    /** A tool call being assembled from its deltas. */
    static final class ToolCall {
        private String id;
        private String type = "function";
        private final StringBuilder name = new StringBuilder();
        private final StringBuilder arguments = new StringBuilder();
        /** Null while undecided; then whether it goes to the client. */
        private Boolean client;
        /** A name that is an injected tool's plus more (a provider merged two calls): neither run nor shown. */
        private boolean dropped;
        private int clientIndex = -1;
        private final List<ObjectNode> held = new ArrayList<>();
        /**
         * Fields of the call other than index, id, type and function, as the provider sent them
         * (Gemini's {@code extra_content.google.thought_signature}, which must come back in the
         * next round's assistant message).
         */
        private ObjectNode extra;

        String name() {
            return name.toString();
        }

        ObjectNode toJson(ObjectMapper json) {
            ObjectNode call = json.createObjectNode().put("id", id).put("type", type);
            call.putObject("function").put("name", name.toString()).put("arguments", arguments.toString());
            if (extra != null) {
                extra.properties().forEach(field -> call.set(field.getKey(), field.getValue()));
            }
            return call;
        }
    }

    private static final java.util.Set<String> CALL_FIELDS = java.util.Set.of("index", "id", "type", "function");

    private final ObjectMapper json;
    private final ToolSet tools;
    private final ChunkIdentity identity;
    private final Consumer<ObjectNode> toClient;
    /** Calls in the order they started; a provider's index is only a hint (see {@link #slotFor}). */
    private final List<ToolCall> calls = new ArrayList<>();
    private final Map<Integer, ToolCall> byIndex = new LinkedHashMap<>();
    private ToolCall lastTouched;
    private final StringBuilder content = new StringBuilder();
    private final int clientIndexBase;
    private int clientCalls;
    private String finishReason;
    private JsonNode usage;
    private boolean done;

    /**
     * @param identity        the conversation's id/created/model (taken from the first chunk of round 1)
     * @param clientIndexBase the first {@code index} for client tool calls (0: one turn per answer)
     * @param toClient        receives each chunk that may reach the client, ready to write
     */
    StreamedRound(ObjectMapper json, ToolSet tools, ChunkIdentity identity, int clientIndexBase, Consumer<ObjectNode> toClient) {
        this.json = json;
        this.tools = tools;
        this.identity = identity;
        this.clientIndexBase = clientIndexBase;
        this.toClient = toClient;
    }

    /** Reads one chunk object (one SSE {@code data:} payload other than {@code [DONE]}). */
    void accept(ObjectNode chunk) {
        identity.adopt(chunk);
        JsonNode chunkUsage = chunk.remove("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        JsonNode choices = chunk.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return; // a usage-only chunk: kept, summed by the loop
        }
        ObjectNode choice = null;
        for (JsonNode c : choices) {
            if (c instanceof ObjectNode object && c.path("index").asInt(0) == 0) {
                choice = object;
                break;
            }
        }
        if (choice == null) {
            return; // only other choices (a provider ignoring n = 1): none of them reaches the client
        }
        if (choices.size() > 1) {
            chunk.putArray("choices").add(choice);
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && finish.isTextual()) {
            finishReason = finish.asText();
        }
        choice.putNull("finish_reason");
        List<ObjectNode> before = new ArrayList<>();
        if (choice.path("delta") instanceof ObjectNode delta) {
            JsonNode text = delta.get("content");
            if (text != null && text.isTextual()) {
                content.append(text.asText());
            }
            if (delta.path("tool_calls").isArray()) {
                ArrayNode out = toolCallDeltas((ArrayNode) delta.get("tool_calls"), before);
                if (out.isEmpty()) {
                    delta.remove("tool_calls");
                } else {
                    delta.set("tool_calls", out);
                }
            }
            if (identity.roleSent()) {
                delta.remove("role");
            }
        }
        before.forEach(toClient);
        if (worthSending(choice)) {
            if (choice.path("delta").has("role")) {
                identity.roleSentNow();
            }
            identity.stamp(chunk);
            toClient.accept(chunk);
        }
    }

    /**
     * Client call deltas to pass on now; injected and undecided ones are held. Held pieces of a
     * call that just turned out to be the client's go into {@code before}, in order.
     */
    private ArrayNode toolCallDeltas(ArrayNode deltas, List<ObjectNode> before) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode d : deltas) {
            if (!(d instanceof ObjectNode delta)) {
                continue;
            }
            ToolCall call = slotFor(delta);
            if (delta.hasNonNull("id")) {
                call.id = delta.get("id").asText();
            }
            if (delta.hasNonNull("type")) {
                call.type = delta.get("type").asText();
            }
            for (var field : delta.properties()) {
                if (!CALL_FIELDS.contains(field.getKey())) {
                    if (call.extra == null) {
                        call.extra = json.createObjectNode();
                    }
                    call.extra.set(field.getKey(), field.getValue());
                }
            }
            JsonNode function = delta.path("function");
            if (function.hasNonNull("name")) {
                call.name.append(function.get("name").asText());
            }
            if (function.hasNonNull("arguments")) {
                call.arguments.append(function.get("arguments").asText());
            }
            if (call.client == null && !call.name.isEmpty() && !tools.couldBeInjected(call.name())) {
                decideClient(call, before);
            }
            if (call.client == null) {
                call.held.add(delta);
            } else if (call.client) {
                out.add(delta.put("index", call.clientIndex));
            }
        }
        return out;
    }

    /**
     * The call a delta belongs to. OpenAI numbers calls with {@code index}; some providers send
     * no index (Gemini's OpenAI-compatible API) or reuse one for several calls. So: a delta with
     * an id the call at its index (or, without an index, any call) does not have starts a new
     * call; a delta without an id continues the call at its index, or the call touched last.
     */
    private ToolCall slotFor(ObjectNode delta) {
        String id = delta.hasNonNull("id") ? delta.get("id").asText() : null;
        Integer index = delta.path("index").isInt() ? delta.get("index").asInt() : null;
        ToolCall call = index != null ? byIndex.get(index) : lastTouched;
        if (call == null || id != null && call.id != null && !call.id.equals(id)) {
            call = new ToolCall();
            calls.add(call);
        }
        if (index != null) {
            byIndex.put(index, call);
        }
        lastTouched = call;
        return call;
    }

    private void decideClient(ToolCall call, List<ObjectNode> before) {
        call.client = true;
        call.clientIndex = clientIndexBase + clientCalls++;
        for (ObjectNode held : call.held) {
            before.add(callChunk(held.put("index", call.clientIndex)));
        }
        call.held.clear();
    }

    private ObjectNode callChunk(ObjectNode callDelta) {
        ObjectNode chunk = identity.newChunk(json);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").putArray("tool_calls").add(callDelta);
        choice.putNull("finish_reason");
        return chunk;
    }

    /** A choice with something for the client: any delta field but an empty content or a null, or logprobs. */
    private static boolean worthSending(ObjectNode choice) {
        if (choice.hasNonNull("logprobs")) {
            return true;
        }
        JsonNode delta = choice.path("delta");
        for (var field : delta.properties()) {
            JsonNode value = field.getValue();
            boolean nothing = value.isNull() || field.getKey().equals("content") && value.isTextual() && value.asText().isEmpty();
            if (!nothing) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the turn: calls still undecided are decided by their whole name (an injected tool's,
     * or the client's, whose held pieces go out now).
     */
    void end() {
        if (done) {
            return;
        }
        done = true;
        List<ObjectNode> late = new ArrayList<>();
        for (ToolCall call : calls) {
            if (call.client == null) {
                if (tools.offers(call.name())) {
                    call.client = false;
                } else if (tools.extendsOfferedName(call.name())) {
                    call.client = false;
                    call.dropped = true; // an injected name plus more: never shown, never run
                } else {
                    decideClient(call, late);
                }
            }
        }
        late.forEach(toClient);
    }

    /** The injected tool calls of the turn (complete after {@link #end()}), as OpenAI tool calls. */
    ArrayNode injectedCalls() {
        ArrayNode injected = json.createArrayNode();
        calls.stream().filter(c -> Boolean.FALSE.equals(c.client) && !c.dropped).forEach(c -> injected.add(c.toJson(json)));
        return injected;
    }

    int clientCalls() {
        return clientCalls;
    }

    /** Calls dropped because their name was an injected tool's with more after it (merged by the provider). */
    int droppedCalls() {
        return (int) calls.stream().filter(c -> c.dropped).count();
    }

    /** The assistant message of this turn for the conversation: its content and its injected calls. */
    ObjectNode assistantMessage() {
        ObjectNode message = json.createObjectNode().put("role", "assistant");
        if (content.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", content.toString());
        }
        message.set("tool_calls", injectedCalls());
        return message;
    }

    /** The finish reason the provider sent, or null when the stream ended without one. */
    String finishReason() {
        return finishReason;
    }

    /** The usage the provider reported for the turn, or null. */
    JsonNode usage() {
        return usage;
    }
}
