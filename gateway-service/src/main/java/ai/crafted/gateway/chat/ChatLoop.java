package ai.crafted.gateway.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

import ai.crafted.gateway.approval.ApprovalRefused;
import ai.crafted.gateway.approval.ApprovalScope;
import ai.crafted.gateway.approval.ToolApprovals;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolCallResult;
import ai.crafted.gateway.tools.ToolExecutor;
import ai.crafted.gateway.tools.ToolResultBudget;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.tracing.GatewaySpans;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamException;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;

/**
 * The server-side tool loop for non-streamed requests: ask the model, run the MCP tools it
 * calls (concurrently within a turn), append the results, ask again, until it answers without
 * injected tool calls or the round cap is reached ({@link TurnDecision}). Usage is summed over
 * all rounds. {@link #runToolCalls} is shared with the streamed loop ({@link StreamedChat}).
 */
@ApplicationScoped
public class ChatLoop {

    private final UpstreamClient upstream;
    private final ToolExecutor executor;
    private final ToolResultBudget budget;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final GatewaySpans spans;
    private final ToolApprovals approvals;

    public ChatLoop(UpstreamClient upstream, ToolExecutor executor, GatewayConfig config, ObjectMapper json, GatewaySpans spans,
            ToolApprovals approvals) {
        this.spans = spans;
        this.approvals = approvals;
        this.upstream = upstream;
        this.executor = executor;
        this.budget = new ToolResultBudget(config.toolResults().maxChars(), config.toolResults().maxRoundChars());
        this.config = config;
        this.json = json;
    }

    /**
     * The loop's answer: a complete (non-streaming) chat.completion object and the forwardable
     * headers of the provider response it came from (the last round's: its request id and the
     * most recent rate-limit state).
     */
    public record Answer(ObjectNode completion, MultiMap providerHeaders) {
    }

    /**
     * What the loop ran, told as it happens (the Responses API lists it as output items).
     */
    @FunctionalInterface
    public interface ToolRounds {
        /**
         * One turn whose injected tool calls ran.
         *
         * @param assistantMessage the model's turn (its {@code content} may say something before the calls)
         * @param calls            the injected tool calls, OpenAI's shape
         * @param results          their tool messages and outcomes, in the calls' order
         */
        void ran(JsonNode assistantMessage, ArrayNode calls, ToolResults results);

        ToolRounds NONE = (message, calls, results) -> {
        };
    }

    /**
     * Runs the loop. Fails with {@link UpstreamException} when the first model round fails, and
     * with that failure wrapped in {@code FailedAfterToolCalls} when a later one does (tools have
     * run: the client must not repeat the request).
     *
     * @param request the client's parsed request; used (and changed) as the conversation, never copied
     */
    public Uni<Answer> run(UpstreamTarget target, ObjectNode request, ToolSet tools, ChatUsage meter, ApprovalScope scope) {
        return run(target, request, tools, meter, ToolRounds.NONE, scope);
    }

    /**
     * {@link #run(UpstreamTarget, ObjectNode, ToolSet, ChatUsage, ApprovalScope)}, telling {@code rounds} what ran.
     *
     * @param meter told each model round (usage, time waiting on the model) and each tool call
     * @param scope whom approvals asked for in this request are bound to ({@link ToolApprovals})
     */
    public Uni<Answer> run(UpstreamTarget target, ObjectNode request, ToolSet tools, ChatUsage meter, ToolRounds rounds,
            ApprovalScope scope) {
        request.remove("tools");
        request.put("stream", false);
        request.remove("stream_options");
        return round(target, request, tools, 1, new UsageTotals(), meter, rounds, scope);
    }

    /**
     * Runs the tool calls a follow-up request resumes ({@link ToolApprovals#resume}: the request
     * ends with the assistant message of a turn that waited for approval and carries the
     * approvals), appending their results to {@code messages}, before the loop's first round.
     * Does nothing for a request without approvals. Fails with {@link ApprovalRefused} when the
     * approvals cannot resume the turn (nothing ran).
     *
     * @return true when calls ran (a later failure must then say so: {@link FailedAfterToolCalls})
     */
    public Uni<Boolean> resume(ObjectNode request, ToolSet tools, ChatUsage meter, ApprovalScope scope) {
        ArrayNode messages = (ArrayNode) request.get("messages");
        if (scope.carried().isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Uni<Boolean> work = approvals.resume(scope, messages, tools).chain(resumed -> runToolCalls((ArrayNode) resumed.calls(),
                tools, meter, null, resumed.notRun()).map(results -> {
                    messages.addAll(results.messages());
                    ToolChoice.afterToolRound(request);
                    return true;
                })).memoize().indefinitely();
        // Once approvals are used their calls run to the end, even when the client leaves meanwhile
        // (its cancellation stops only what follows): a used approval always means the call ran.
        work.subscribe().with(ran -> {
        }, failure -> {
        });
        return work;
    }

    /** Approvals of tool calls, for the streamed loop. */
    ToolApprovals approvals() {
        return approvals;
    }

    private Uni<Answer> round(UpstreamTarget target, ObjectNode request, ToolSet tools, int n, UsageTotals usage,
            ChatUsage meter, ToolRounds rounds, ApprovalScope scope) {
        Uni<Answer> completion = Uni.createFrom().deferred(() -> {
            long asked = meter.upstreamAsked();
            return spans.chat(target, request, () -> complete(target, request, tools), Answer::completion)
                    .onTermination().invoke(() -> meter.upstreamSince(asked));
        });
        if (n > 1) {
            completion = completion.onFailure().transform(FailedAfterToolCalls::new);
        }
        return completion.chain(answer -> {
            ObjectNode response = answer.completion();
            usage.add(response.path("usage"));
            meter.round(response.path("usage"));
            JsonNode message = response.path("choices").path(0).path("message");
            JsonNode calls = message.path("tool_calls");
            ArrayNode injected = json.createArrayNode();
            ArrayNode client = json.createArrayNode();
            if (calls.isArray()) {
                calls.forEach(call -> (tools.find(call.path("function").path("name").asText()).isPresent() ? injected : client)
                        .add(call));
            }
            TurnDecision decision = TurnDecision.of(injected.size(), client.size(), n, config.maxToolRounds(),
                    response.path("choices").path(0).path("finish_reason").asText(null));
            switch (decision) {
                case RUN_TOOLS -> {
                    return approvals.gate(scope, message, injected, tools).chain(pending -> {
                        if (pending.isPresent()) {
                            return Uni.createFrom().item(new Answer(waitingForApproval(response, usage, n, tools, pending.get()),
                                    answer.providerHeaders()));
                        }
                        ((ArrayNode) request.get("messages")).add(message);
                        return runToolCalls(injected, tools, meter, null, notRunOf(injected, tools)).chain(results -> {
                            ((ArrayNode) request.get("messages")).addAll(results.messages());
                            rounds.ran(message, injected, results);
                            ToolChoice.afterToolRound(request);
                            return round(target, request, tools, n + 1, usage, meter, rounds, scope);
                        });
                    });
                }
                case ANSWER_WITHOUT_INJECTED -> withToolCalls(response, client, null);
                case STOP_AT_ROUND_CAP, STOP_CUT_OFF -> withToolCalls(response, client, "length");
                default -> {
                }
            }
            return Uni.createFrom().item(new Answer(finish(response, usage, n, tools, decision.note(n)), answer.providerHeaders()));
        });
    }

    private Uni<Answer> complete(UpstreamTarget target, ObjectNode request, ToolSet tools) {
        return upstream.send(target, HttpMethod.POST, "/chat/completions", UpstreamBody.encode(json, request, tools))
                .chain(response -> upstream.body(response).map(body -> {
                    if (response.statusCode() / 100 != 2) {
                        throw upstream.answeredError(target, response, body);
                    }
                    try {
                        JsonNode answer = json.readTree(body.getBytes());
                        if (answer instanceof ObjectNode object) {
                            return new Answer(object, upstream.forwardableHeaders(response));
                        }
                    } catch (Exception e) {
                        // reported below
                    }
                    throw new UpstreamException(502, null, "upstream " + target.name() + " sent a response that is not a JSON object",
                            upstream.forwardableHeaders(response));
                }));
    }

    /**
     * One turn's tool results: one {@code tool} message per call ({@code tool_call_id},
     * {@code content}, fitted to the budget) and each call's outcome ({@link ToolCallResult}),
     * both in the calls' order.
     */
    public record ToolResults(List<ObjectNode> messages, List<String> outcomes) {

        /** Whether the call at {@code index} did not succeed. */
        public boolean failed(int index) {
            return !"ok".equals(outcomes.get(index));
        }
    }

    /**
     * Runs one turn's injected tool calls concurrently. Never fails: a failed call is an error
     * text for the model ({@link ToolExecutor}).
     *
     * @param calls    OpenAI tool calls ({@code id}, {@code function.name}, {@code function.arguments}),
     *                 every name one of {@code tools}
     * @param meter    told each call's latency and outcome, and the round's wall time
     * @param progress called with (exposed tool name, null) when a call starts and (name, {@code ok}
     *                 or {@code error}) when it ends; may be null
     */
    Uni<ToolResults> runToolCalls(ArrayNode calls, ToolSet tools, ChatUsage meter, BiConsumer<String, String> progress,
            Map<String, String> notRun) {
        List<Uni<ToolCallResult>> results = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        long roundStarted = meter.toolRoundStarted();
        for (JsonNode call : calls) {
            String name = call.path("function").path("name").asText();
            String instead = notRun.get(call.path("id").asText());
            if (instead != null) {
                // Not run (denied, expired, not bindable to an approval): the model reads why.
                results.add(Uni.createFrom().item(new ToolCallResult(instead, NOT_RUN)));
                limits.add(null);
                continue;
            }
            InjectedTool tool = tools.find(name).orElseThrow();
            if (progress != null) {
                progress.accept(name, null);
            }
            String arguments = call.path("function").path("arguments").asText(null);
            Uni<ToolCallResult> result = Uni.createFrom().deferred(() -> {
                long started = System.nanoTime();
                return executor.call(tool, arguments).invoke(done -> meter.toolCall(tool, System.nanoTime() - started,
                        done.outcome()));
            });
            results.add(progress == null ? result : result.invoke(done -> progress.accept(name, done.failed() ? "error" : "ok")));
            limits.add(tool.plugin().state().config().toolResultMaxChars());
        }
        return Uni.join().all(results).andFailFast().invoke(ignored -> meter.toolRoundSince(roundStarted)).map(done -> {
            List<String> fitted = budget.fit(done.stream().map(ToolCallResult::text).toList(), limits);
            List<ObjectNode> messages = new ArrayList<>(fitted.size());
            for (int i = 0; i < fitted.size(); i++) {
                messages.add(json.createObjectNode().put("role", "tool")
                        .put("tool_call_id", calls.get(i).path("id").asText()).put("content", fitted.get(i)));
            }
            return new ToolResults(messages, done.stream().map(ToolCallResult::outcome).toList());
        });
    }

    /** The outcome of a call that was asked for but not run (see {@link ToolResults#outcomes}). */
    public static final String NOT_RUN = "not_run";

    /** The calls of a turn that must not run although the model asked ({@link ToolApprovals#unboundable}), by call id. */
    Map<String, String> notRunOf(ArrayNode calls, ToolSet tools) {
        Map<String, String> notRun = new HashMap<>();
        for (JsonNode call : calls) {
            tools.find(call.path("function").path("name").asText())
                    .flatMap(tool -> approvals.unboundable(tool, call))
                    .ifPresent(text -> notRun.put(call.path("id").asText(), text));
        }
        return notRun;
    }

    /**
     * The answer of a turn that waits for approval: the model's turn replaced by an assistant
     * message naming the approvals ({@code finish_reason: "stop"}), and in {@code gateway} the
     * {@code approvalRequests} and the {@code pendingMessage} to append when resuming.
     */
    private ObjectNode waitingForApproval(ObjectNode response, UsageTotals usage, int rounds, ToolSet tools,
            ToolApprovals.Pending pending) {
        ObjectNode choice = (ObjectNode) response.path("choices").path(0);
        choice.putObject("message").put("role", "assistant").put("content", approvals.notice(pending));
        choice.put("finish_reason", "stop");
        ObjectNode answer = finish(response, usage, rounds, tools, null);
        withApprovals((ObjectNode) answer.get("gateway"), pending);
        return answer;
    }

    /** Adds {@code approvalRequests} and {@code pendingMessage} to a {@code gateway} object. */
    void withApprovals(ObjectNode gateway, ToolApprovals.Pending pending) {
        gateway.set("approvalRequests", approvals.requestsJson(pending));
        gateway.set("pendingMessage", pending.pendingMessage());
    }

    /** Leaves only the client's tool calls on the answer (none: no tool_calls), optionally a new finish reason. */
    private static void withToolCalls(ObjectNode response, ArrayNode clientCalls, String finishReason) {
        ObjectNode choice = (ObjectNode) response.path("choices").path(0);
        ObjectNode message = (ObjectNode) choice.path("message");
        if (clientCalls.isEmpty()) {
            message.remove("tool_calls");
            if (!message.hasNonNull("content")) {
                message.put("content", "");
            }
        } else {
            message.set("tool_calls", clientCalls);
        }
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        }
    }

    private ObjectNode finish(ObjectNode response, UsageTotals usage, int rounds, ToolSet tools, String note) {
        if (usage.seen()) {
            response.set("usage", usage.toJson(json));
        }
        response.set("gateway", gatewayInfo(json, rounds, tools, note));
        return response;
    }

    /**
     * The response extension {@code gateway}: {@code rounds}, and when they apply {@code note},
     * {@code stoppedAtRoundCap} (true when the loop stopped at {@code gateway.max-tool-rounds}) and
     * {@code omittedTools} ({@code [{"name","reason"}]}).
     */
    public static ObjectNode gatewayInfo(ObjectMapper json, int rounds, ToolSet tools, String note) {
        ObjectNode gateway = json.createObjectNode().put("rounds", rounds);
        if (note != null) {
            gateway.put("note", note);
            if (note.equals(TurnDecision.STOP_AT_ROUND_CAP.note(rounds))) {
                gateway.put("stoppedAtRoundCap", true);
            }
        }
        if (!tools.omitted().isEmpty()) {
            ArrayNode omitted = gateway.putArray("omittedTools");
            tools.omitted().forEach(o -> omitted.addObject().put("name", o.name()).put("reason", o.reason()));
        }
        return gateway;
    }
}
