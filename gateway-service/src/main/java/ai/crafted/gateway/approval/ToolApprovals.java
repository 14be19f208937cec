package ai.crafted.gateway.approval;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ApprovalUpdatedEvent;
import ai.crafted.events.ToolPolicy;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.gateway.tools.InjectedTool;
import ai.crafted.gateway.tools.ToolSet;

/**
 * Human approval of tool calls in the tool loop (README "Approvals"). A tool needs approval when
 * its policy says so ({@code approvalRequired}: the accepted version's {@code destructiveHint},
 * or the admin's override). The loop never runs such a call directly:
 * <ul>
 * <li>{@link #gate}: a model turn that calls one stops there; one approval request per such call
 * is stored (bound to organisation, API key, conversation, plugin, tool, the tool's version hash
 * and the SHA-256 of the canonical arguments) and the answer says so ({@link Pending}).</li>
 * <li>{@link #resume}: a follow-up request that ends with that turn's assistant message (the
 * answer's {@code gateway.pendingMessage}) and carries the approval ids runs the turn: approved
 * calls once (the approvals are marked used in one transaction first), calls that need no
 * approval, and denied or expired ones as a result telling the model they did not run.</li>
 * </ul>
 * Semantics follow OpenAI's {@code mcp_approval_request} / {@code mcp_approval_response} items,
 * adapted to chat completions: the approval is not the caller's to give but a human's in the
 * control panel, so the follow-up names it instead of saying {@code approve: true}.
 */
@ApplicationScoped
public class ToolApprovals {

    private final PluginRegistry plugins;
    private final ApprovalStore store;
    private final ObjectMapper json;

    public ToolApprovals(PluginRegistry plugins, ApprovalStore store, ObjectMapper json) {
        this.plugins = plugins;
        this.store = store;
        this.json = json;
    }

    /** The approvals a turn asked for, and the assistant message to append when resuming. */
    public record Pending(List<ApprovalEntity> approvals, JsonNode pendingMessage) {
    }

    /** What a follow-up runs: its calls, and the text for each call that must not run (by call id). */
    public record Resumed(JsonNode assistantMessage, ArrayNode calls, Map<String, String> notRun) {
    }

    /**
     * Whether a call of the tool needs approval (its policy says so; fail closed when the policy
     * no longer lists it).
     */
    public boolean required(InjectedTool tool) {
        return plugins.policyOf(tool.plugin(), tool.tool().name()).map(ToolPolicy::approvalRequired).orElse(true);
    }

    /**
     * The text for a call that must not run now although it was asked for, or empty: a call of a
     * tool that needs approval whose arguments are not one JSON object (they cannot be bound to an
     * approval; the model is asked to call again).
     */
    public Optional<String> unboundable(InjectedTool tool, JsonNode call) {
        if (!required(tool) || CanonicalArguments.sha256(call.path("function").path("arguments").asText(null)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("Error: " + tool.exposedName() + " was not called: its arguments must be one JSON object."
                + " Call it again with one JSON object of arguments.");
    }

    /**
     * Stores one approval request per call of the turn that needs approval.
     *
     * @param message the model's assistant message with its {@code tool_calls}
     * @param calls   its injected calls (each offered by {@code tools})
     * @return empty when no call needs approval (the turn runs as usual)
     */
    public Uni<Optional<Pending>> gate(ApprovalScope scope, JsonNode message, ArrayNode calls, ToolSet tools) {
        List<ApprovalStore.PendingCall> waiting = new ArrayList<>();
        String turn = turnSha256(message);
        for (JsonNode call : calls) {
            InjectedTool tool = tools.find(call.path("function").path("name").asText()).orElseThrow();
            String arguments = call.path("function").path("arguments").asText(null);
            Optional<String> sha = CanonicalArguments.sha256(arguments);
            if (required(tool) && sha.isPresent()) {
                String hash = plugins.toolHashOf(tool.plugin(), tool.tool().name()).orElse("unknown");
                waiting.add(new ApprovalStore.PendingCall(tool.plugin().integrationId(), call.path("id").asText(),
                        tool.exposedName(), tool.tool().name(), hash, arguments, sha.get(), turn));
            }
        }
        if (waiting.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.request(scope, waiting).map(rows -> Optional.of(new Pending(rows, message)));
    }

    /**
     * Checks a follow-up's approvals against the conversation's last message and uses the
     * approved ones; fails with {@link ApprovalRefused} (nothing used) when they cannot resume it.
     *
     * @param messages the request's {@code messages}; the last must be the pending turn's assistant message
     * @return what to run, or null when the request carries no approvals
     */
    public Uni<Resumed> resume(ApprovalScope scope, ArrayNode messages, ToolSet tools) {
        if (scope.carried().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last == null || !"assistant".equals(last.path("role").asText()) || !last.path("tool_calls").isArray()
                || last.path("tool_calls").isEmpty()) {
            return Uni.createFrom().failure(new ApprovalRefused(400, ApprovalRefused.INVALID, "'approvals' resumes a turn that"
                    + " waited for approval: the last message must be that turn's assistant message with its tool_calls"
                    + " (the answer's gateway.pendingMessage)"));
        }
        ArrayNode calls = (ArrayNode) last.get("tool_calls");
        String turn = turnSha256(last);
        return store.find(scope.organizationId(), scope.carried())
                .map(found -> check(scope, calls, tools, found, turn))
                .chain(plan -> store.use(scope.organizationId(), plan.toUse()).map(used -> {
                    if (!used) {
                        throw new ApprovalRefused(409, ApprovalRefused.ALREADY_USED, "an approval of this request was used by"
                                + " another request, or expired, meanwhile: the calls did not run");
                    }
                    return new Resumed(last, calls, plan.notRun());
                }));
    }

    private record Plan(List<UUID> toUse, Map<String, String> notRun) {
    }

    private Plan check(ApprovalScope scope, ArrayNode calls, ToolSet tools, List<ApprovalEntity> found, String turn) {
        Map<UUID, ApprovalEntity> byId = new HashMap<>();
        found.forEach(row -> byId.put(row.id, row));
        for (UUID id : scope.carried()) {
            if (!byId.containsKey(id)) {
                throw new ApprovalRefused(404, ApprovalRefused.NOT_FOUND, "no approval " + id + " in this organisation");
            }
        }
        Map<String, ApprovalEntity> byCall = new HashMap<>();
        found.forEach(row -> byCall.put(row.toolCallId, row));
        Instant now = Instant.now();
        List<UUID> toUse = new ArrayList<>();
        Map<String, String> notRun = new HashMap<>();
        List<String> callIds = new ArrayList<>();
        for (JsonNode call : calls) {
            String callId = call.path("id").asText();
            callIds.add(callId);
            String name = call.path("function").path("name").asText();
            Optional<InjectedTool> offered = tools.find(name);
            ApprovalEntity approval = byCall.get(callId);
            if (offered.isEmpty()) {
                if (approval != null) {
                    throw mismatch(approval, "its tool " + name + " is not offered to this request any more");
                }
                notRun.put(callId, "Error: the tool " + name + " is not available any more; it was not called.");
                continue;
            }
            InjectedTool tool = offered.get();
            Optional<String> sha = CanonicalArguments.sha256(call.path("function").path("arguments").asText(null));
            if (!required(tool) || sha.isEmpty()) {
                unboundable(tool, call).ifPresent(text -> notRun.put(callId, text));
                continue;
            }
            if (approval == null) {
                throw new ApprovalRefused(409, ApprovalRefused.MISMATCH, "the call " + callId + " of " + name
                        + " needs an approval and the request carries none for it");
            }
            String arguments = call.path("function").path("arguments").asText(null);
            bindingProblem(scope, tool, sha.get(), arguments, approval).ifPresent(problem -> {
                throw mismatch(approval, problem);
            });
            String status = approval.expiredAt(now) && !ApprovalUpdatedEvent.USED.equals(approval.status)
                    && !ApprovalUpdatedEvent.DENIED.equals(approval.status) ? ApprovalUpdatedEvent.EXPIRED : approval.status;
            switch (status) {
                case ApprovalUpdatedEvent.APPROVED -> toUse.add(approval.id);
                case ApprovalUpdatedEvent.PENDING -> throw new ApprovalRefused(409, ApprovalRefused.PENDING, "approval "
                        + approval.id + " is still pending: ask again once it is decided");
                case ApprovalUpdatedEvent.USED -> throw new ApprovalRefused(409, ApprovalRefused.ALREADY_USED, "approval "
                        + approval.id + " was already used: the call ran once and does not run again");
                case ApprovalUpdatedEvent.DENIED -> notRun.put(callId, "Not run: an operator denied this call of " + name
                        + (approval.reason == null ? "." : " (" + approval.reason + ")."));
                default -> notRun.put(callId, "Not run: the approval request for this call of " + name
                        + " expired before it was " + (approval.decidedAt == null ? "decided." : "used."));
            }
        }
        for (ApprovalEntity approval : found) {
            if (!callIds.contains(approval.toolCallId)) {
                throw mismatch(approval, "the conversation's last message has no call " + approval.toolCallId);
            }
        }
        for (ApprovalEntity approval : found) {
            // The whole turn, as the model wrote it: no call added, removed or changed, approved or not.
            if (!approval.turnSha256.equals(turn)) {
                throw mismatch(approval, "the conversation's last message is not the turn that waited for it"
                        + " (append gateway.pendingMessage unchanged)");
            }
        }
        return new Plan(toUse, notRun);
    }

    /** Why the approval does not cover this call, if it does not (the binding of README "Approvals"). */
    private Optional<String> bindingProblem(ApprovalScope scope, InjectedTool tool, String argumentsSha256, String arguments,
            ApprovalEntity approval) {
        if (!approval.apiKeyId.equals(scope.apiKeyId())) {
            return Optional.of("it was asked for with another API key");
        }
        if (!Objects.equals(approval.conversation, scope.conversation())) {
            return Optional.of("it was asked for in another conversation");
        }
        if (!approval.integrationId.equals(tool.plugin().integrationId()) || !approval.toolName.equals(tool.tool().name())) {
            return Optional.of("it was granted for another tool");
        }
        // The canonical hash and the exact text: what runs is exactly what the approver saw (the
        // canonical form reads numbers as doubles, so two integers beyond 2^53 could share a hash).
        if (!approval.argumentsSha256.equals(argumentsSha256) || !approval.arguments.equals(arguments)) {
            return Optional.of("it was granted for other arguments");
        }
        if (!approval.toolHash.equals(plugins.toolHashOf(tool.plugin(), tool.tool().name()).orElse(""))) {
            return Optional.of("the tool changed since it was granted");
        }
        return Optional.empty();
    }

    /**
     * Hex SHA-256 of a turn's tool calls: each call's id, function name and arguments text, in
     * order, as JSON with every non-ASCII character escaped (so no two texts share bytes).
     */
    String turnSha256(JsonNode assistantMessage) {
        ArrayNode turn = json.createArrayNode();
        for (JsonNode call : assistantMessage.path("tool_calls")) {
            turn.addObject().put("id", call.path("id").asText()).put("name", call.path("function").path("name").asText())
                    .set("arguments", call.path("function").path("arguments"));
        }
        try {
            byte[] bytes = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(turn);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a turn could not be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static ApprovalRefused mismatch(ApprovalEntity approval, String problem) {
        return new ApprovalRefused(409, ApprovalRefused.MISMATCH, "approval " + approval.id + " does not cover this call: " + problem);
    }

    /**
     * The answer's assistant message while approvals wait: a sentence naming each call, its
     * approval and expiry.
     */
    public String notice(Pending pending) {
        StringBuilder text = new StringBuilder();
        for (ApprovalEntity approval : pending.approvals()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append("The call of ").append(approval.exposedName).append(" needs a human's approval before it runs (approval ")
                    .append(approval.id).append(", pending until ").append(approval.expiresAt).append(").");
        }
        return text.toString();
    }

    /** The {@code gateway.approvalRequests} entries of a pending answer. */
    public ArrayNode requestsJson(Pending pending) {
        ArrayNode requests = json.createArrayNode();
        for (ApprovalEntity approval : pending.approvals()) {
            ObjectNode request = requests.addObject();
            request.put("id", approval.id.toString()).put("status", approval.status).put("tool", approval.exposedName)
                    .put("plugin", approval.integrationId.toString()).put("toolName", approval.toolName)
                    .put("toolCallId", approval.toolCallId).put("arguments", approval.arguments)
                    .put("argumentsSha256", approval.argumentsSha256).put("expiresAt", approval.expiresAt.toString());
        }
        return requests;
    }
}
