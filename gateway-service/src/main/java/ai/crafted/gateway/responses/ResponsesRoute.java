package ai.crafted.gateway.responses;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.vertx.web.Route;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.events.UsageRecordedEvent;
import ai.crafted.gateway.apikey.ApiKeyCaller;
import ai.crafted.gateway.approval.ApprovalScope;
import ai.crafted.gateway.chat.ApiKeyAuthentication;
import ai.crafted.gateway.chat.ChatLoop;
import ai.crafted.gateway.chat.ChatRequestChecks;
import ai.crafted.gateway.chat.OpenAiErrors;
import ai.crafted.gateway.chat.StreamingChatLoop;
import ai.crafted.gateway.chat.ToolChoice;
import ai.crafted.gateway.chat.UpstreamPassThrough;
import ai.crafted.gateway.json.StrictJson;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.gateway.tools.ToolInjector;
import ai.crafted.gateway.tools.ToolSet;
import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamClient;
import ai.crafted.gateway.upstream.UpstreamTarget;
import ai.crafted.gateway.usage.ChatUsage;
import ai.crafted.gateway.usage.UsageRecords;

/**
 * OpenAI's Responses API: {@code POST /v1/responses} (JSON or, with {@code stream: true}, typed
 * SSE events), {@code GET} and {@code DELETE /v1/responses/{id}} for stored responses, and
 * {@code POST /v1/responses/{id}/cancel} (nothing runs in the background here, so nothing can be
 * cancelled: 400). The request is translated to chat completions ({@link ResponsesRequest}) and
 * run by the same loop as {@code /v1/chat/completions}, with the organisation's plugin tools
 * injected; the plugin tool calls the gateway ran come back as {@code mcp_call} items. An
 * upstream with {@code responses-api=true} gets a request the gateway adds no tools to as it is.
 */
@ApplicationScoped
public class ResponsesRoute {

    private final ApiKeyAuthentication authentication;
    private final PluginRegistry plugins;
    private final ToolInjector injector;
    private final ChatLoop loop;
    private final StreamingChatLoop streamingLoop;
    private final UpstreamClient upstream;
    private final StoredResponses stored;
    private final ObjectMapper json;
    private final ObjectReader strictJson;
    private final ResponseObjects objects;
    private final UsageRecords usageRecords;

    public ResponsesRoute(ApiKeyAuthentication authentication, PluginRegistry plugins,
            ToolInjector injector, ChatLoop loop, StreamingChatLoop streamingLoop, UpstreamClient upstream,
            StoredResponses stored, ObjectMapper json, UsageRecords usageRecords) {
        this.usageRecords = usageRecords;
        this.authentication = authentication;
        this.plugins = plugins;
        this.injector = injector;
        this.loop = loop;
        this.streamingLoop = streamingLoop;
        this.upstream = upstream;
        this.stored = stored;
        this.json = json;
        this.strictJson = StrictJson.reader(json);
        this.objects = new ResponseObjects(json);
    }

    @Route(path = "/v1/responses", methods = Route.HttpMethod.POST)
    @Operation(summary = "OpenAI's Responses API with the organisation's MCP tools injected and run server-side")
    @APIResponse(responseCode = "200", description = "a Response object, or its streaming events when stream is true; a"
            + " non-streamed answer carries Server-Timing: gateway;dur=…, model;dur=…, tools;dur=…,"
            + " rounds;desc=\"N\" (milliseconds)",
            content = {@Content(mediaType = "application/json"), @Content(mediaType = "text/event-stream")})
    @APIResponse(responseCode = "400", description = "a malformed or unsupported request (OpenAI error shape with code and param)")
    @APIResponse(responseCode = "401", description = "missing, unknown or revoked API key")
    void create(RoutingContext rc) {
        authentication.withCaller(rc, caller -> {
            Buffer body = rc.body().buffer();
            try {
                handle(rc, caller, body == null ? Buffer.buffer() : body);
            } catch (RequestRefused refused) {
                OpenAiErrors.send(rc, refused.status(), refused.getMessage(), "invalid_request_error", refused.code(),
                        refused.param());
            }
        });
    }

    @Route(path = "/v1/responses/:id", methods = Route.HttpMethod.GET)
    @Operation(summary = "A stored response of the organisation (kept for gateway.responses.retention)")
    @APIResponse(responseCode = "200", description = "the Response object", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "404", description = "no such response kept for this organisation")
    void retrieve(RoutingContext rc) {
        withStored(rc, found -> rc.response().putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(found.responseJson())));
    }

    @Route(path = "/v1/responses/:id", methods = Route.HttpMethod.DELETE)
    @Operation(summary = "Deletes a stored response of the organisation")
    @APIResponse(responseCode = "200", description = "{id, object: response.deleted, deleted: true}",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "404", description = "no such response kept for this organisation")
    void delete(RoutingContext rc) {
        withStored(rc, found -> {
            String id = found.id();
            stored.delete(found.organization(), id);
            rc.response().putHeader("Content-Type", "application/json").end(json.createObjectNode().put("id", id)
                    .put("object", "response.deleted").put("deleted", true).toString());
        });
    }

    @Route(path = "/v1/responses/:id/input_items", methods = Route.HttpMethod.GET)
    @Operation(summary = "The input items of a stored response, as OpenAI lists them (limit 1-100, default 20; order desc or asc; after)")
    @APIResponse(responseCode = "200", description = "{object: list, data, first_id, last_id, has_more}",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "a bad limit or order")
    @APIResponse(responseCode = "404", description = "no such response kept for this organisation")
    void inputItems(RoutingContext rc) {
        withStored(rc, found -> {
            String limitParam = rc.queryParams().get("limit");
            String order = rc.queryParams().get("order") == null ? "desc" : rc.queryParams().get("order");
            int limit;
            try {
                limit = limitParam == null ? 20 : Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                OpenAiErrors.invalidRequest(rc, "'limit' must be an integer from 1 to 100", "invalid_value", "limit");
                return;
            }
            if (!order.equals("asc") && !order.equals("desc")) {
                OpenAiErrors.invalidRequest(rc, "'order' must be asc or desc", "invalid_value", "order");
                return;
            }
            List<JsonNode> items = new java.util.ArrayList<>();
            found.input().forEach(items::add);
            if (order.equals("desc")) {
                java.util.Collections.reverse(items);
            }
            String after = rc.queryParams().get("after");
            int start = 0;
            if (after != null) {
                for (int i = 0; i < items.size(); i++) {
                    if (after.equals(items.get(i).path("id").asText())) {
                        start = i + 1;
                    }
                }
            }
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            items.subList(Math.min(start, items.size()), Math.min(start + limit, items.size())).forEach(data::add);
            list.set("first_id", data.isEmpty() ? json.nullNode() : data.get(0).get("id"));
            list.set("last_id", data.isEmpty() ? json.nullNode() : data.get(data.size() - 1).get("id"));
            list.put("has_more", start + limit < items.size());
            rc.response().putHeader("Content-Type", "application/json").end(list.toString());
        });
    }

    @Route(path = "/v1/responses/:id/cancel", methods = Route.HttpMethod.POST)
    @Operation(summary = "Cancels a background response: none exist here, so a stored response answers 400")
    @APIResponse(responseCode = "400", description = "only background responses can be cancelled")
    @APIResponse(responseCode = "404", description = "no such response kept for this organisation")
    void cancel(RoutingContext rc) {
        withStored(rc, found -> OpenAiErrors.invalidRequest(rc, "Only responses created with background=true can be"
                + " cancelled; this gateway runs every response in the request that created it", "not_cancellable", null));
    }

    private void withStored(RoutingContext rc, java.util.function.Consumer<StoredResponses.Stored> action) {
        authentication.withOrganization(rc, organization -> {
            String id = rc.pathParam("id");
            Optional<StoredResponses.Stored> found = stored.find(organization, id);
            if (found.isEmpty()) {
                // The same answer for another organisation's id as for a missing one.
                OpenAiErrors.send(rc, 404, "Response with id '" + id + "' not found (responses are kept for a while"
                        + " by the gateway instance that answered them, unless sent with store: false)",
                        "invalid_request_error", "response_not_found", null);
                return;
            }
            action.accept(found.get());
        });
    }

    private void handle(RoutingContext rc, ApiKeyCaller caller, Buffer bytes) {
        UUID organization = caller.organizationId();
        ObjectNode body = StrictJson.object(strictJson, bytes.getBytes())
                .orElseThrow(() -> new RequestRefused(OpenAiErrors.NOT_ONE_OBJECT, "invalid_json", null));
        ResponsesRequest request = ResponsesRequest.read(json, body);
        Optional<UpstreamTarget> routed = upstream.route(request.model);
        if (routed.isEmpty()) {
            throw new RequestRefused(404, "the model '" + request.model + "' is not served by this gateway",
                    "model_not_found", "model");
        }
        UpstreamTarget target = routed.get();
        ToolSet tools = toolsOf(request, caller, target);
        if (target.responsesApi() && tools.isEmpty() && tools.omitted().isEmpty() && !request.refersToStoredState()) {
            // Nothing of ours in it: the provider's own Responses API gets the request, with
            // store: false, since the provider account is every organisation's: what it kept
            // could be continued by anyone who learns its id.
            body.put("store", false);
            UpstreamPassThrough.forward(rc, upstream, target, "/responses", Buffer.buffer(body.toString()), request.stream, null,
                    ChatUsage.start(caller, UsageRecordedEvent.API_RESPONSES, request.model, request.stream), usageRecords, json);
            return;
        }
        request.refuseHostedTools();
        request.resolveInput(organization, stored);
        ObjectNode chat = request.chatRequest(tools);
        // Objects were checked against this offer by the translation; "required" still needs a tool to call.
        if (chat.path("tool_choice").isTextual()) {
            Optional<ChatRequestChecks.Violation> violation = ToolChoice.check(chat, tools);
            if (violation.isPresent()) {
                throw new RequestRefused(violation.get().message(), violation.get().code(), violation.get().param());
            }
        }
        ToolChoice.fitToOffer(chat, tools);
        ObjectNode response = objects.skeleton(request, ResponseObjects.newId("resp_"), Instant.now().getEpochSecond(),
                "in_progress");
        // A plugin's tools already listed in the conversation, the same ones, are not listed again (as OpenAI does).
        ArrayNode listTools = objects.listTools(tools, request.items);
        ChatUsage meter = ChatUsage.start(caller, UsageRecordedEvent.API_RESPONSES, request.model, request.stream);
        if (request.stream) {
            streamingLoop.run(rc, target, chat, tools, new ResponseEvents(rc, json, objects, response, listTools, tools,
                    done -> keep(organization, request, done)), meter, ApprovalScope.api(organization, caller.apiKeyId()));
            return;
        }
        ArrayNode output = (ArrayNode) response.get("output");
        output.addAll(listTools);
        Cancellable running = loop.run(target, chat, tools, meter, (message, calls, results) -> {
            ObjectNode said = objects.messageOf(message, null);
            if (said != null) {
                output.add(said);
            }
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode call = objects.mcpCall(tools.find(calls.get(i).path("function").path("name").asText()).orElseThrow(),
                        calls.get(i));
                ResponseObjects.completed(call, results.messages().get(i).path("content").asText(), results.failed(i));
                output.add(call);
            }
        }, ApprovalScope.api(organization, caller.apiKeyId())).subscribe().with(answer -> {
            // Recorded first: whatever building or writing the answer does, the record is sent.
            usageRecords.answered(rc.response(), meter, UsageRecords.OK);
            ObjectNode completion = answer.completion();
            JsonNode choice = completion.path("choices").path(0);
            if (completion.path("model").isTextual()) {
                response.put("model", completion.get("model").asText());
            }
            ObjectNode said = objects.messageOf(choice.path("message"), choice.get("logprobs"));
            if (said != null) {
                output.add(said);
            }
            for (JsonNode call : choice.path("message").path("tool_calls")) {
                output.add(objects.functionCall(call, "completed"));
            }
            // Calls that wait for a human's approval (README "Approvals"): never run here.
            for (JsonNode approval : completion.path("gateway").path("approvalRequests")) {
                output.add(objects.mcpApprovalRequest(approval, tools.find(approval.path("tool").asText())
                        .map(tool -> tool.plugin().state().slug()).orElse("")));
            }
            response.set("usage", completion.hasNonNull("usage") ? objects.usage(completion.get("usage")) : json.nullNode());
            objects.finish(response, choice.path("finish_reason").asText(null), completion.get("gateway"));
            response.set("gateway", completion.get("gateway"));
            keep(organization, request, response);
            ProviderHeaders.apply(answer.providerHeaders(), rc.response());
            rc.response().putHeader("Content-Type", "application/json").end(response.toString());
        }, failure -> {
            usageRecords.answered(rc.response(), meter, UsageRecords.statusOf(failure));
            OpenAiErrors.failure(rc, failure);
        });
        usageRecords.recordIfClientLeaves(rc.response(), meter, running);
    }

    /** The surface's tools; narrowed per request only when the request named tools (else the shared set as it is). */
    private ToolSet toolsOf(ResponsesRequest request, ApiKeyCaller caller, UpstreamTarget target) {
        Set<UUID> only;
        try {
            only = caller.narrow(pluginsOf(request.mcpServers, caller.organizationId()));
        } catch (IllegalArgumentException outsideScope) {
            throw new RequestRefused(outsideScope.getMessage(), "unknown_server_label", "tools");
        }
        ToolSet surface = injector.toolsFor(caller.organizationId(), only, caller.narrowTools(null), target.toolProfile());
        if (request.mcpServers == null) {
            return surface;
        }
        try {
            return surface.narrowed(request::keeps, request.clientTools, json);
        } catch (IllegalArgumentException clash) {
            throw new RequestRefused(clash.getMessage(), "invalid_value", "tools");
        }
    }

    /**
     * Stores the response when the request asked for it; one too large to keep says so in its own
     * {@code store} (false) and in {@code gateway.notStored}, instead of a 404 later.
     */
    private void keep(UUID organization, ResponsesRequest request, ObjectNode response) {
        if (request.store && !stored.store(organization, response, objects.conversation(request, response),
                request.inputItems())) {
            response.put("store", false);
            if (response.get("gateway") instanceof ObjectNode gateway) {
                gateway.put("notStored", "the response with its conversation is larger than the gateway keeps"
                        + " (gateway.responses.max-stored-bytes-per-response, or per organisation): continue with the"
                        + " whole conversation");
            }
        }
    }

    /**
     * The plugin ids the request's {@code mcp} tools name by slug: null (every plugin) when it
     * named no tools, empty when it named only function tools.
     *
     * @throws RequestRefused for a label that is none of the organisation's plugins
     */
    private Set<UUID> pluginsOf(List<ResponsesRequest.McpServer> servers, UUID organization) {
        if (servers == null) {
            return null;
        }
        List<Plugin> installed = plugins.forOrganization(organization);
        Set<UUID> ids = new HashSet<>();
        for (ResponsesRequest.McpServer server : servers) {
            Plugin plugin = installed.stream().filter(p -> p.state().slug().equals(server.label())).findFirst()
                    .orElseThrow(() -> new RequestRefused("server_label '" + server.label() + "' is not one of this"
                            + " organisation's plugins (an mcp tool names a plugin by its slug)", "unknown_server_label",
                            server.param() + ".server_label"));
            if (server.allowedTools() != null) {
                Set<String> known = new HashSet<>();
                plugins.toolsOf(plugin).forEach(tool -> known.add(tool.name()));
                for (String name : server.allowedTools()) {
                    if (!known.contains(name)) {
                        throw new RequestRefused("allowed_tools names '" + name + "', which the plugin '" + server.label()
                                + "' does not have (its tools: " + String.join(", ", new java.util.TreeSet<>(known)) + ")",
                                "unknown_tool", server.param() + ".allowed_tools");
                    }
                }
            }
            ids.add(plugin.integrationId());
        }
        return ids;
    }

}
