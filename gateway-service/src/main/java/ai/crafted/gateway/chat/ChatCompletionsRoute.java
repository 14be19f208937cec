package ai.crafted.gateway.chat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.vertx.web.Route;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.events.ToolRef;
import ai.crafted.gateway.apikey.ApiKeyCaller;
import ai.crafted.gateway.approval.ApprovalRefused;
import ai.crafted.gateway.approval.ApprovalScope;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.json.StrictJson;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.gateway.tools.ToolInjector;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;
import ai.crafted.gateway.usage.UsageRecords;
import ai.crafted.http.CanonicalUuid;

/**
 * OpenAI-compatible {@code /v1/chat/completions} and {@code /v1/models}. Written as Vert.x routes
 * because the endpoint must stream: it pipes provider streams straight through and writes SSE
 * keep-alives while tools run.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    /** Our extension of the request body: restrict tool injection to these plugin (integration) ids. */
    static final String PLUGINS_FIELD = "plugins";

    private final ApiKeyAuthentication authentication;
    private final PluginRegistry plugins;
    private final ToolInjector injector;
    private final ChatLoop loop;
    private final StreamingChatLoop streamingLoop;
    private final UpstreamClient upstream;
    private final ObjectMapper json;
    private final UsageRecords usageRecords;
    private final int maxApprovals;
    /** Client bodies: a duplicate key or anything after the value is an error, not a guess. */
    private final ObjectReader strictJson;

    public ChatCompletionsRoute(ApiKeyAuthentication authentication, PluginRegistry plugins, ToolInjector injector, ChatLoop loop,
            StreamingChatLoop streamingLoop, UpstreamClient upstream, ObjectMapper json, UsageRecords usageRecords,
            GatewayConfig config) {
        this.usageRecords = usageRecords;
        this.maxApprovals = config.approvals().maxCarried();
        this.authentication = authentication;
        this.plugins = plugins;
        this.injector = injector;
        this.loop = loop;
        this.streamingLoop = streamingLoop;
        this.upstream = upstream;
        this.json = json;
        this.strictJson = StrictJson.reader(json);
    }

    @Route(path = "/v1/models", methods = Route.HttpMethod.GET)
    @Operation(summary = "The models the gateway serves (OpenAI's list of models)")
    @APIResponse(responseCode = "200", description = "OpenAI's list of models: object list, data of {id, object, owned_by}",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "401", description = "missing, unknown or revoked API key (OpenAI error shape)")
    void models(RoutingContext rc) {
        authentication.withOrganization(rc, organization -> listModels(rc));
    }

    private void listModels(RoutingContext rc) {
        upstream.models().subscribe().with(models -> {
            JsonArray data = new JsonArray();
            models.forEach(m -> data.add(new JsonObject().put("id", m.getKey()).put("object", "model")
                    .put("created", 0).put("owned_by", m.getValue())));
            rc.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("object", "list").put("data", data).encode());
        }, failure -> OpenAiErrors.failure(rc, failure));
    }

    @Route(path = "/v1/chat/completions", methods = Route.HttpMethod.POST)
    @Operation(summary = "OpenAI-compatible chat completion with the organisation's MCP tools injected and run")
    @APIResponse(responseCode = "200", description = "a chat.completion object, or chat.completion.chunk events when stream is"
            + " true; a non-streamed answer carries Server-Timing: gateway;dur=…, model;dur=…, tools;dur=…,"
            + " rounds;desc=\"N\" (milliseconds)",
            content = {@Content(mediaType = "application/json"), @Content(mediaType = "text/event-stream")})
    @APIResponse(responseCode = "400", description = "a malformed request (OpenAI error shape with code and param)")
    @APIResponse(responseCode = "401", description = "missing, unknown or revoked API key")
    void complete(RoutingContext rc) {
        authentication.withCaller(rc, caller -> {
            // Quarkus' body handler has already read the body (within quarkus.http.limits.max-body-size).
            Buffer body = rc.body().buffer();
            handle(rc, caller, body == null ? Buffer.buffer() : body);
        });
    }

    private void handle(RoutingContext rc, ApiKeyCaller caller, Buffer body) {
        UUID organization = caller.organizationId();
        Optional<ObjectNode> parsed = StrictJson.object(strictJson, body.getBytes());
        if (parsed.isEmpty()) {
            OpenAiErrors.invalidRequest(rc, OpenAiErrors.NOT_ONE_OBJECT, "invalid_json", null);
            return;
        }
        ObjectNode request = parsed.get();
        Optional<ChatRequestChecks.Violation> violation = ChatRequestChecks.check(request);
        if (violation.isPresent()) {
            OpenAiErrors.invalidRequest(rc, violation.get().message(), violation.get().code(), violation.get().param());
            return;
        }
        String model = request.get("model").asText();
        Optional<UpstreamTarget> target = upstream.route(model);
        if (target.isEmpty()) {
            OpenAiErrors.send(rc, 404, "the model '" + model + "' is not served by this gateway", "invalid_request_error",
                    "model_not_found", "model");
            return;
        }
        JsonNode pluginsField = request.remove(PLUGINS_FIELD);
        RequestExtensions extensions;
        try {
            extensions = RequestExtensions.take(request, maxApprovals);
        } catch (RequestExtensions.Invalid e) {
            OpenAiErrors.invalidRequest(rc, e.getMessage(), e.code, e.param);
            return;
        }
        Set<UUID> only;
        try {
            only = caller.narrow(pluginRestriction(pluginsField, caller));
        } catch (IllegalArgumentException e) {
            OpenAiErrors.invalidRequest(rc, e.getMessage(), "invalid_plugin", PLUGINS_FIELD);
            return;
        }
        Set<ToolRef> allowed;
        try {
            allowed = caller.narrowTools(extensions.allowedTools());
        } catch (IllegalArgumentException e) {
            OpenAiErrors.invalidRequest(rc, e.getMessage(), "invalid_allowed_tools", RequestExtensions.ALLOWED_TOOLS);
            return;
        }
        boolean stream = request.path("stream").asBoolean(false);
        boolean clientTools = request.path("tools").isArray() && !request.path("tools").isEmpty();
        if (clientTools && !extensions.approvals().isEmpty()) {
            OpenAiErrors.invalidRequest(rc, "'approvals' resume plugin tool calls, which a request with its own tools does not get",
                    "invalid_approvals", RequestExtensions.APPROVALS);
            return;
        }
        ToolSet tools = clientTools ? null : injector.toolsFor(organization, only, allowed, target.get().toolProfile());
        // With every tool left out, the loop still runs (one round, no tools) so the answer names them.
        if (clientTools || (tools.isEmpty() && tools.omitted().isEmpty() && extensions.approvals().isEmpty())) {
            // Nothing of ours in the body: the client's own bytes go to the provider, not a re-encoding.
            passThrough(rc, target.get(), pluginsField == null && !extensions.present() ? body : null, request, stream,
                    ChatUsage.start(caller, UsageRecordedEvent.API_CHAT_COMPLETIONS, model, stream));
            return;
        }
        ApprovalScope scope = new ApprovalScope(organization, caller.apiKeyId(), extensions.surfaceOrDefault(),
                extensions.conversation(), extensions.approvals());
        JsonNode choices = request.get("n");
        if (choices != null && choices.isIntegralNumber() && choices.asLong() > 1) {
            // Each of n sampled answers would run its own plugin tools: n times the side effects.
            OpenAiErrors.invalidRequest(rc, "'n' greater than 1 is not supported when the gateway injects plugin tools:"
                    + " each choice would run its own tool calls, so a tool with side effects would act n times;"
                    + " send \"plugins\": [] (or your own tools) to pass n to the model without plugin tools",
                    "invalid_value", "n");
            return;
        }
        Optional<ChatRequestChecks.Violation> choice = ToolChoice.check(request, tools);
        if (choice.isPresent()) {
            OpenAiErrors.invalidRequest(rc, choice.get().message(), choice.get().code(), choice.get().param());
            return;
        }
        ToolChoice.fitToOffer(request, tools);
        ChatUsage meter = ChatUsage.start(caller, UsageRecordedEvent.API_CHAT_COMPLETIONS, model, stream);
        if (stream) {
            // A resumed turn's tools run before the stream's head: an approval refused is a plain error.
            loop.resume(request, tools, meter, scope).subscribe().with(
                    resumed -> streamingLoop.run(rc, target.get(), request, tools, meter, scope),
                    failure -> refused(rc, meter, failure));
        } else {
            Cancellable running = loop.resume(request, tools, meter, scope)
                    .chain(ran -> {
                        Uni<ChatLoop.Answer> answer = loop.run(target.get(), request, tools, meter, scope);
                        // Resumed calls ran: a failing first round must not invite a retry that would find them used.
                        return !ran ? answer : answer.onFailure(e -> !(e instanceof FailedAfterToolCalls))
                                .transform(FailedAfterToolCalls::new);
                    }).subscribe().with(answer -> {
                usageRecords.answered(rc.response(), meter, UsageRecords.OK);
                ProviderHeaders.apply(answer.providerHeaders(), rc.response());
                rc.response().putHeader("Content-Type", "application/json").end(answer.completion().toString());
            }, failure -> refused(rc, meter, failure));
            usageRecords.recordIfClientLeaves(rc.response(), meter, running);
        }
    }

    /** A chat that failed before or during its loop: an approval refused, or any other failure. */
    private void refused(RoutingContext rc, ChatUsage meter, Throwable failure) {
        usageRecords.answered(rc.response(), meter, UsageRecords.statusOf(failure));
        if (failure instanceof ApprovalRefused refused) {
            OpenAiErrors.send(rc, refused.status(), refused.getMessage(), "invalid_request_error", refused.code(),
                    RequestExtensions.APPROVALS);
            return;
        }
        OpenAiErrors.failure(rc, failure);
    }

    /** Null for "all plugins"; otherwise the ids, each of which must be one of the organisation's plugins. */
    private Set<UUID> pluginRestriction(JsonNode field, ApiKeyCaller caller) {
        UUID organization = caller.organizationId();
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isArray()) {
            throw new IllegalArgumentException("'plugins' must be an array of plugin ids");
        }
        Set<UUID> ids = new HashSet<>();
        for (JsonNode item : field) {
            // Ids are canonical UUIDs in JSON strings (UUID.fromString would read "1-2-3-4-5").
            UUID id = CanonicalUuid.parse(item.isTextual() ? item.asText() : null)
                    .orElseThrow(() -> new IllegalArgumentException("'" + item.asText() + "' is not a plugin id"));
            if (plugins.find(organization, id).isEmpty()) {
                // Same answer for another organisation's id and a missing one (and, for a key with a
                // scope, as for one outside it).
                throw new IllegalArgumentException(caller.pluginScope() == null ? "unknown plugin id " + id
                        : ApiKeyCaller.outsideScope(id));
            }
            ids.add(id);
        }
        return ids;
    }

    /**
     * Sends the request to the provider as it is and pipes the answer back ({@link UpstreamPassThrough});
     * a provider that answers JSON to a streaming request is turned into the event stream asked for.
     *
     * @param original the client's body bytes when they are exactly what to send, else null (re-encoded)
     */
    private void passThrough(RoutingContext rc, UpstreamTarget target, Buffer original, ObjectNode request, boolean stream,
            ChatUsage meter) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        UpstreamPassThrough.forward(rc, upstream, target, "/chat/completions",
                original != null ? original : Buffer.buffer(request.toString()), stream,
                body -> StreamingChatLoop.asEventStream(body, includeUsage, json), meter, usageRecords, json);
    }
}
