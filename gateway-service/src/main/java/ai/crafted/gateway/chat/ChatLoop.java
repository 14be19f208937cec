package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.tools.ToolExecutor;
import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolResultBudget;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;

/**
 * The server-side tool loop: ask the model, run the MCP tools it calls (concurrently within a
 * turn), append the results, ask again, until it answers without injected tool calls or the
 * round cap is reached. Usage is summed over all rounds.
 */
@ApplicationScoped
public class ChatLoop {

    private final UpstreamClient upstream;
    private final ToolExecutor executor;
    private final ToolResultBudget budget;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public ChatLoop(UpstreamClient upstream, ToolExecutor executor, GatewayConfig config, ObjectMapper json) {
        this.upstream = upstream;
        this.executor = executor;
        this.budget = new ToolResultBudget(config.toolResults().maxChars(), config.toolResults().maxRoundChars());
        this.config = config;
        this.json = json;
    }

    /** Runs the loop; the result is a complete (non-streaming) chat.completion object. */
    public Uni<ObjectNode> run(UpstreamTarget target, ObjectNode clientRequest, ToolSet tools) {
        ObjectNode request = clientRequest.deepCopy();
        if (tools.openAiTools().isEmpty()) {
            request.remove("tools"); // every tool was left out: ask without tools (an empty array is refused)
        } else {
            request.set("tools", tools.openAiTools());
        }
        // Intermediate rounds are never streamed: only the final answer reaches the client.
        request.put("stream", false);
        request.remove("stream_options");
        return round(target, request, tools, 1, new Usage());
    }

    private Uni<ObjectNode> round(UpstreamTarget target, ObjectNode request, ToolSet tools, int n, Usage usage) {
        return upstream.complete(target, request).chain(answer -> {
            ObjectNode response = (ObjectNode) answer;
            usage.add(response.path("usage"));
            JsonNode message = response.path("choices").path(0).path("message");
            JsonNode calls = message.path("tool_calls");
            if (!calls.isArray() || calls.isEmpty() || !allInjected(calls, tools)) {
                // Done, or the model called tools we did not inject: those are the client's to run.
                return Uni.createFrom().item(finish(response, usage, n, tools, null));
            }
            if (n >= config.maxToolRounds()) {
                return Uni.createFrom().item(finish(stripToolCalls(response), usage, n, tools,
                        "stopped after " + n + " model rounds with tool calls still pending (gateway.max-tool-rounds)"));
            }
            ArrayNode messages = (ArrayNode) request.get("messages");
            messages.add(message);
            List<Uni<String>> results = new ArrayList<>();
            List<Integer> limits = new ArrayList<>();
            for (JsonNode call : calls) {
                String name = call.path("function").path("name").asText();
                InjectedTool tool = tools.find(name).orElseThrow();
                results.add(executor.call(tool, call.path("function").path("arguments").asText(null)));
                limits.add(tool.plugin().state().config().toolResultMaxChars());
            }
            return Uni.join().all(results).andFailFast().chain(texts -> {
                List<String> fitted = budget.fit(texts, limits);
                for (int i = 0; i < fitted.size(); i++) {
                    messages.add(toolMessage(calls.get(i).path("id").asText(), fitted.get(i)));
                }
                return round(target, request, tools, n + 1, usage);
            });
        });
    }

    private static boolean allInjected(JsonNode calls, ToolSet tools) {
        for (JsonNode call : calls) {
            if (tools.find(call.path("function").path("name").asText()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode toolMessage(String toolCallId, String text) {
        return json.createObjectNode().put("role", "tool").put("tool_call_id", toolCallId).put("content", text);
    }

    private static ObjectNode stripToolCalls(ObjectNode response) {
        ObjectNode choice = (ObjectNode) response.path("choices").path(0);
        ObjectNode message = (ObjectNode) choice.path("message");
        message.remove("tool_calls");
        if (!message.hasNonNull("content")) {
            message.put("content", "");
        }
        choice.put("finish_reason", "length");
        return response;
    }

    private ObjectNode finish(ObjectNode response, Usage usage, int rounds, ToolSet tools, String note) {
        if (usage.seen) {
            response.set("usage", usage.toJson(json));
        }
        ObjectNode gateway = response.putObject("gateway").put("rounds", rounds);
        if (note != null) {
            gateway.put("note", note);
        }
        if (!tools.omitted().isEmpty()) {
            ArrayNode omitted = gateway.putArray("omittedTools");
            tools.omitted().forEach(o -> omitted.addObject().put("name", o.name()).put("reason", o.reason()));
        }
        return response;
    }

    /** Token usage summed over rounds. */
    private static final class Usage {
        private long prompt;
        private long completion;
        private long total;
        private boolean seen;

        void add(JsonNode usage) {
            if (usage.isObject()) {
                seen = true;
                prompt += usage.path("prompt_tokens").asLong();
                completion += usage.path("completion_tokens").asLong();
                total += usage.path("total_tokens").asLong();
            }
        }

        ObjectNode toJson(ObjectMapper json) {
            return json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", total);
        }
    }
}
