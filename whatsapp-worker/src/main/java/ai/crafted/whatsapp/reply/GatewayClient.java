package ai.crafted.whatsapp.reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;

import ai.crafted.whatsapp.app.WhatsAppApp;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Asks the gateway for the assistant's answer, as the app's organisation (its own API key), with
 * the app's model and prompt, only the plugins selected for WhatsApp and, when the app has one,
 * its tool allowlist ({@code allowed_tools}); every request names the worker's conversation
 * ({@code conversation}), which binds an approval the gateway asks for to it.
 *
 * <p>When the model called a tool that needs a person's approval, the gateway answers with the
 * approval requests and the model's pending message instead of a final answer: that is returned as
 * a {@link Pending} carrying the exact follow-up request ({@link #resume}).
 */
@ApplicationScoped
public class GatewayClient {

    /** The gateway's error codes about a resume's approvals (never retried). */
    static final Set<String> APPROVAL_CODES = Set.of(ApprovalConflict.PENDING, ApprovalConflict.ALREADY_USED,
            ApprovalConflict.MISMATCH, ApprovalConflict.NOT_FOUND);

    private final WebClient client;
    private final WorkerConfig config;

    public GatewayClient(WebClient client, WorkerConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * The gateway's answer: a final text, or (when {@link #pending} is not null) a turn waiting
     * for approvals, whose {@link #text} is the gateway's notice for the caller.
     */
    public record Answer(String text, Pending pending) {

        /** A final answer. */
        public static Answer of(String text) {
            return new Answer(text, null);
        }
    }

    /**
     * A turn the gateway holds until people decide on its tool calls.
     *
     * @param resumeBody  the follow-up request exactly as it is to be sent once they are decided
     *                    (the request's messages with the model's pending message appended, and
     *                    {@code approvals}); the API key is not part of it
     * @param approvalIds the approval requests of the turn
     * @param expiresAt   when the last of them expires (null when the gateway did not say)
     */
    public record Pending(JsonObject resumeBody, List<UUID> approvalIds, Instant expiresAt) {
    }

    /** Asks for the answer to the customer's message after the conversation's earlier turns. */
    public Uni<Answer> answer(WhatsAppApp app, UUID conversationId, List<ConversationStore.Turn> history, String text) {
        JsonArray messages = new JsonArray();
        if (app.systemPrompt() != null && !app.systemPrompt().isBlank()) {
            messages.add(new JsonObject().put("role", "system").put("content", app.systemPrompt()));
        }
        history.forEach(turn -> messages.add(new JsonObject().put("role", turn.role()).put("content", turn.text())));
        messages.add(new JsonObject().put("role", "user").put("content", text));
        JsonObject request = new JsonObject().put("model", app.model()).put("messages", messages)
                .put("conversation", conversationId.toString())
                // Shown to approvers: the Approvals page names the WhatsApp app and conversation.
                .put("surface", "whatsapp");
        return post(app, withToolsOf(app, request));
    }

    /** The request with the app's current plugin selection ({@code plugins}) and tool allowlist ({@code allowed_tools}). */
    private static JsonObject withToolsOf(WhatsAppApp app, JsonObject request) {
        request.put("plugins", new JsonArray(app.mcpPluginIds().stream().map(Object::toString).toList()));
        request.remove("allowed_tools");
        if (app.allowedTools() != null) {
            JsonArray allowed = new JsonArray();
            app.allowedTools().forEach(tool -> allowed.add(new JsonObject().put("plugin", tool.pluginId().toString())
                    .put("name", tool.name())));
            request.put("allowed_tools", allowed);
        }
        return request;
    }

    /**
     * Sends a stored follow-up request ({@link Pending#resumeBody}) once its approvals are decided.
     * Fails with {@link ApprovalConflict} when the gateway refuses it for its approvals, with
     * {@link ReplyFailure} for anything else.
     */
    public Uni<Answer> resume(WhatsAppApp app, JsonObject resumeBody) {
        // The app's plugins and allowlist as they are now: one narrowed while the turn waited applies.
        return post(app, withToolsOf(app, resumeBody.copy()))
                // Refused for good (a plugin deleted, a key revoked: any 4xx but a timeout or a rate
                // limit): retrying cannot help, so the turn ends with the failed notice.
                .onFailure(GatewayRefusal.class).transform(failure -> ((GatewayRefusal) failure).retryable() ? failure
                        : new ApprovalConflict(ApprovalConflict.REFUSED, failure.getMessage()));
    }

    /** A non-200 answer of the gateway that is not about approvals. */
    static final class GatewayRefusal extends ReplyFailure {
        private final int status;

        GatewayRefusal(int status, String message) {
            super(message);
            this.status = status;
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }
    }

    private Uni<Answer> post(WhatsAppApp app, JsonObject request) {
        return client.postAbs(Urls.withoutTrailingSlash(config.gatewayUrl()) + "/v1/chat/completions")
                .bearerTokenAuthentication(app.gatewayApiKey())
                .timeout(config.retry().gatewayTimeout().toMillis())
                .sendJsonObject(request)
                .onFailure().transform(e -> new ReplyFailure("gateway unreachable: " + e.getMessage(), e))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        String code = errorCode(response.bodyAsString());
                        if (code != null && APPROVAL_CODES.contains(code)) {
                            throw new ApprovalConflict(code, "gateway answered HTTP " + response.statusCode() + ": "
                                    + response.bodyAsString());
                        }
                        throw new GatewayRefusal(response.statusCode(), "gateway answered HTTP " + response.statusCode() + ": "
                                + response.bodyAsString());
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    String content = body.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
                    Pending pending = pending(request, body.getJsonObject("gateway"));
                    if (pending == null && (content == null || content.isBlank())) {
                        throw new ReplyFailure("gateway answered without text");
                    }
                    return new Answer(content, pending);
                });
    }

    /** The pending turn the gateway's extension describes, or null when the answer is final. */
    private static Pending pending(JsonObject request, JsonObject gateway) {
        JsonArray requested = gateway == null ? null : gateway.getJsonArray("approvalRequests");
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        JsonObject pendingMessage = gateway.getJsonObject("pendingMessage");
        if (pendingMessage == null) {
            throw new ReplyFailure("gateway asked for approvals without the pending message");
        }
        List<UUID> ids = new ArrayList<>();
        Instant expiresAt = null;
        for (int i = 0; i < requested.size(); i++) {
            JsonObject approval = requested.getJsonObject(i);
            ids.add(UUID.fromString(approval.getString("id")));
            String expires = approval.getString("expiresAt");
            if (expires != null) {
                Instant at = Instant.parse(expires);
                expiresAt = expiresAt == null || at.isAfter(expiresAt) ? at : expiresAt;
            }
        }
        JsonObject resume = request.copy();
        resume.getJsonArray("messages").add(pendingMessage.copy());
        resume.put("approvals", new JsonArray(ids.stream().map(UUID::toString).toList()));
        return new Pending(resume, List.copyOf(ids), expiresAt);
    }

    private static String errorCode(String body) {
        try {
            JsonObject error = new JsonObject(body).getJsonObject("error");
            return error == null ? null : error.getString("code");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
