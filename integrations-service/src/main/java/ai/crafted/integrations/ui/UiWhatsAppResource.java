package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.blankToNull;
import static ai.crafted.integrations.ui.UiForms.seeOther;
import static ai.crafted.integrations.ui.UiForms.trim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import org.openapitools.jackson.nullable.JsonNullable;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.WhatsAppOperatorActionEvent.Action;
import ai.crafted.http.CanonicalUuid;
import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.preview.ToolPreviewService;
import ai.crafted.integrations.whatsapp.WhatsAppAppRequest;
import ai.crafted.integrations.whatsapp.WhatsAppAppService;
import ai.crafted.integrations.whatsapp.WhatsAppAppView;
import ai.crafted.integrations.whatsapp.WhatsAppConversationView;
import ai.crafted.integrations.whatsapp.WhatsAppConversations;
import ai.crafted.integrations.whatsapp.WhatsAppOperatorActions;

/**
 * WhatsApp apps: settings, the MCP plugins the inbound assistant may use, conversations, and the
 * messages that need an operator (retry or mark failed).
 */
@Path("/ui/orgs/{org}/whatsapp")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiWhatsAppResource {

    /** Parked messages listed on an app's page (the count covers all of them). */
    static final int PARKED_SHOWN = 20;

    private final UiPages pages;
    private final WhatsAppAppService apps;
    private final IntegrationService integrations;

    private final ToolPreviewService previews;
    private final WhatsAppConversations conversations;
    private final WhatsAppOperatorActions actions;
    private final OrganizationAccess access;

    public UiWhatsAppResource(UiPages pages, WhatsAppAppService apps, IntegrationService integrations,
            ToolPreviewService previews, WhatsAppConversations conversations, WhatsAppOperatorActions actions,
            OrganizationAccess access) {
        this.conversations = conversations;
        this.actions = actions;
        this.access = access;
        this.previews = previews;
        this.pages = pages;
        this.apps = apps;
        this.integrations = integrations;
    }

    @GET
    public Uni<TemplateInstance> list(@RestPath UUID org, @RestQuery String notice, @RestQuery String q,
            @RestQuery String sort, @RestQuery String page) {
        UiPage frame = pages.page(org, "whatsapp");
        return renderList(frame, ListControls.query(q, sort, page), new WhatsAppForm(), FormErrors.NONE, notice);
    }

    @POST
    public Uni<Object> create(@RestPath UUID org, @BeanParam WhatsAppForm form) {
        UiPage page = pages.page(org, "whatsapp");
        return selection(form)
                .chain(selected -> allowlist(org, form).chain(lines -> apps.create(org, request(form, selected, lines.tools()))
                        .onFailure().transform(lines::relabel)))
                .<Object>map(app -> seeOther(page.base() + "/whatsapp/" + app.id() + "?notice=created"))
                .onFailure().recoverWithUni(failure -> renderList(page, ListControls.firstPage(), form, FormErrors.from(failure), null)
                        .map(t -> (Object) t));
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateInstance> detail(@RestPath UUID org, @RestPath UUID id, @RestQuery String notice) {
        UiPage page = pages.page(org, "whatsapp");
        return apps.get(org, id).chain(app -> conversations.list(org, id, Paging.FIRST_MAX).chain(list -> parked(org, id).map(parked -> {
            WhatsAppForm form = WhatsAppForm.of(app);
            return UiTemplates.whatsappApp(page, app, form, choices(app, form.plugin), FormErrors.NONE, notice, list, parked);
        })));
    }

    /**
     * One conversation of the app: each message in and out with its status; a parked or failed
     * customer message has Retry and Mark failed for admins.
     */
    @GET
    @Path("/{id}/conversations/{conversationId}")
    public Uni<TemplateInstance> conversation(@RestPath UUID org, @RestPath UUID id, @RestPath UUID conversationId,
            @RestQuery String notice) {
        UiPage page = pages.page(org, "whatsapp");
        return apps.get(org, id).chain(app -> conversations.get(org, id, conversationId)
                .map(conversation -> UiTemplates.whatsappConversation(page, app, conversation, notice)));
    }

    /** Asks the worker to retry a parked or failed customer message (the form's {@code wamid}); errors as the API's. */
    @POST
    @Path("/{id}/conversations/{conversationId}/retry")
    public Uni<Response> retry(@RestPath UUID org, @RestPath UUID id, @RestPath UUID conversationId, @RestForm String wamid) {
        return act(org, id, conversationId, wamid, Action.RETRY, "retry-requested");
    }

    /** Asks the worker to mark a parked or failed customer message failed (the form's {@code wamid}); errors as the API's. */
    @POST
    @Path("/{id}/conversations/{conversationId}/mark-failed")
    public Uni<Response> markFailed(@RestPath UUID org, @RestPath UUID id, @RestPath UUID conversationId,
            @RestForm String wamid) {
        return act(org, id, conversationId, wamid, Action.MARK_FAILED, "mark-failed-requested");
    }

    private Uni<Response> act(UUID org, UUID id, UUID conversationId, String wamid, Action action, String notice) {
        UiPage page = pages.page(org, "whatsapp");
        return actions.request(org, id, conversationId, wamid == null ? "" : wamid, action, access.subject())
                .map(ignored -> seeOther(page.base() + "/whatsapp/" + id + "/conversations/" + conversationId + "?notice=" + notice));
    }

    /** The app's first parked messages and their count, for its page. */
    private Uni<WhatsAppConversationView.ParkedPage> parked(UUID org, UUID id) {
        return conversations.parked(org, id, new Paging(0, PARKED_SHOWN));
    }

    /** What the model sees in this app's requests (its selected plugins), for a provider profile. */
    @GET
    @Path("/{id}/preview")
    public Uni<TemplateInstance> preview(@RestPath UUID org, @RestPath UUID id, @RestQuery String profile) {
        UiPage page = pages.page(org, "whatsapp");
        return apps.get(org, id).chain(app -> previews.preview(org, profile, null, id.toString(), List.of())
                .map(result -> UiTemplates.toolPreview(page, ToolPreviewPage.of(app.displayName(),
                        page.base() + "/whatsapp/" + id, app.displayName(), page.base() + "/whatsapp/" + id + "/preview",
                        result))));
    }

    @POST
    @Path("/{id}")
    public Uni<Object> update(@RestPath UUID org, @RestPath UUID id, @BeanParam WhatsAppForm form) {
        UiPage page = pages.page(org, "whatsapp");
        return selection(form)
                .chain(selected -> allowlist(org, form).chain(lines -> apps.update(org, id,
                        request(form, selected, lines.tools()), form.ifMatch()).onFailure().transform(lines::relabel)))
                .<Object>map(app -> seeOther(page.base() + "/whatsapp/" + id + "?notice=saved"))
                .onFailure(e -> !(e instanceof ApiException api) || api.status() != 404)
                .recoverWithUni(failure -> apps.get(org, id).chain(app -> conversations.list(org, id, Paging.FIRST_MAX)
                        .chain(list -> parked(org, id).map(parked -> {
                            form.existing = true;
                            FormErrors errors = FormErrors.from(failure);
                            if (ErrorCodes.PRECONDITION_FAILED.equals(errors.code())) {
                                WhatsAppForm saved = WhatsAppForm.of(app);
                                form.version = saved.version;
                                Map<String, String> differing = FormErrors.differences(saved.values(), form.values());
                                // The selection by slugs, not ids.
                                differing.computeIfPresent("mcpPluginIds", (field, ids) -> app.selectedPlugins().isEmpty()
                                        ? "none" : String.join(", ", app.selectedPlugins().stream().map(p -> p.slug()).toList()));
                                errors = FormErrors.changedMeanwhile("WhatsApp app", differing);
                            }
                            return (Object) UiTemplates.whatsappApp(page, app, form, choices(app, form.plugin),
                                    errors, null, list, parked);
                        }))));
    }

    /** Issues the app a new gateway key (after its key was revoked, or to rotate it). */
    @POST
    @Path("/{id}/gateway-key")
    public Uni<Response> reissueGatewayKey(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "whatsapp");
        return apps.reissueGatewayKey(org, id)
                .map(ignored -> seeOther(page.base() + "/whatsapp/" + id + "?notice=gateway-key-reissued"));
    }

    @POST
    @Path("/{id}/delete")
    public Uni<Response> delete(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "whatsapp");
        return apps.delete(org, id).map(ignored -> seeOther(page.base() + "/whatsapp?notice=deleted"));
    }

    /** Empty secret fields mean "keep the stored one" (the API's "absent"); the allowlist is always set (null: every tool). */
    private static WhatsAppAppRequest request(WhatsAppForm form, List<UUID> selected, List<AllowedTool> allowed) {
        return new WhatsAppAppRequest(blankToNull(form.phoneNumberId), blankToNull(form.displayName),
                blankToNull(form.accessToken), blankToNull(form.appSecret), blankToNull(form.verifyToken),
                blankToNull(form.model), form.systemPrompt == null ? null : trim(form.systemPrompt), selected,
                JsonNullable.of(allowed));
    }

    /** The form's tool allowlist, its lines' slugs read against the organisation's plugins. */
    private Uni<ToolAllowlistLines> allowlist(UUID org, WhatsAppForm form) {
        return integrations.list(org, Paging.FIRST_MAX).map(plugins -> ToolAllowlistLines.parse(form.tools,
                form.allowedTools, ToolAllowlistLines.idsBySlug(plugins.items()),
                ErrorCodes.INVALID_WHATSAPP_APP));
    }

    private static Uni<List<UUID>> selection(WhatsAppForm form) {
        List<UUID> ids = new ArrayList<>();
        for (String value : form.plugin) {
            var id = CanonicalUuid.parse(value);
            if (id.isEmpty()) {
                return Uni.createFrom().failure(new ApiException(400, ErrorCodes.INVALID_WHATSAPP_APP,
                        "unknown plugin in the selection", "mcpPluginIds"));
            }
            ids.add(id.get());
        }
        return Uni.createFrom().item(ids);
    }

    private static final List<ListControls.Order> SORTS = ListControls.sorts(new ListControls.Order("-updated", "Recently changed"));

    private Uni<TemplateInstance> renderList(UiPage page, ListQuery query, WhatsAppForm form, FormErrors errors, String notice) {
        return apps.list(page.org(), query).chain(list -> integrations.list(page.org(), Paging.FIRST_MAX).map(plugins -> {
            List<PluginChoice> choices = plugins.items().stream().map(p -> new PluginChoice(p.id(), p.slug(),
                    p.displayName(), p.toolCount(), p.lastRefreshError(), form.plugin.contains(p.id().toString()))).toList();
            return UiTemplates.whatsapp(page, list.items(), ListControls.of(page.base() + "/whatsapp", query, SORTS,
                    list.total(), list.items().size()), form, choices, errors, notice);
        }));
    }

    /** Every installed plugin, ticked as the app (or the form being corrected) has it. */
    private static List<PluginChoice> choices(WhatsAppAppView app, List<String> ticked) {
        return Stream.concat(app.selectedPlugins().stream(), app.notSelectedPlugins().stream())
                .map(plugin -> PluginChoice.of(plugin, ticked)).toList();
    }
}
