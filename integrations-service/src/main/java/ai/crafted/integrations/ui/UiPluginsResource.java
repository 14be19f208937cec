package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.blankToNull;
import static ai.crafted.integrations.ui.UiForms.seeOther;
import static ai.crafted.integrations.ui.UiForms.trim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.McpTransport;
import ai.crafted.http.CanonicalUuid;
import ai.crafted.integrations.apikey.ApiKeyService;
import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.catalog.RefreshService;
import ai.crafted.integrations.credential.CreateCredentialRequest;
import ai.crafted.integrations.credential.CredentialService;
import ai.crafted.integrations.credential.CredentialView;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.EntityTags;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.governance.ToolPolicyService;
import ai.crafted.integrations.integration.ConnectionTest;
import ai.crafted.integrations.integration.ConnectionTestRequest;
import ai.crafted.integrations.integration.ConnectionTester;
import ai.crafted.integrations.integration.IntegrationDraft;
import ai.crafted.integrations.integration.IntegrationPatch;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.integration.McpConfigDraft;
import ai.crafted.integrations.preview.ToolPreviewService;
import ai.crafted.integrations.whatsapp.WhatsAppAppService;

/** Plugins, Install MCP server and Plugin detail pages; the work is done by the API's services. */
@Path("/ui")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiPluginsResource {

    private final UiPages pages;
    private final IntegrationService integrations;
    private final CredentialService credentials;
    private final RefreshService refreshes;
    private final ToolPreviewService previews;
    private final WhatsAppAppService whatsAppApps;
    private final ConnectionTester tester;
    private final ApiKeyService apiKeys;
    private final ToolPolicyService toolPolicies;

    public UiPluginsResource(UiPages pages, IntegrationService integrations, CredentialService credentials,
            RefreshService refreshes, ToolPreviewService previews, WhatsAppAppService whatsAppApps, ConnectionTester tester,
            ApiKeyService apiKeys, ToolPolicyService toolPolicies) {
        this.toolPolicies = toolPolicies;
        this.tester = tester;
        this.apiKeys = apiKeys;
        this.whatsAppApps = whatsAppApps;
        this.previews = previews;
        this.pages = pages;
        this.integrations = integrations;
        this.credentials = credentials;
        this.refreshes = refreshes;
    }

    /** Opens the organisation picked in the switcher (it works without JavaScript too), else the first one. */
    @GET
    public Response home(@RestQuery UUID org) {
        if (org != null) {
            return seeOther("/ui/orgs/" + org + "/plugins");
        }
        UUID first = pages.firstOrganization();
        if (first == null) {
            return Response.status(403).entity(UiTemplates.noOrganization(pages.user(), pages.csrf())).build();
        }
        return seeOther("/ui/orgs/" + first + "/plugins");
    }

    @GET
    @Path("/orgs/{org}")
    public Response organization(@RestPath UUID org) {
        return seeOther("/ui/orgs/" + org + "/plugins");
    }

    @GET
    @Path("/orgs/{org}/plugins")
    public Uni<TemplateInstance> list(@RestPath UUID org, @RestQuery String notice, @RestQuery String q,
            @RestQuery String sort, @RestQuery String page) {
        UiPage frame = pages.page(org, "plugins");
        ListQuery query = ListControls.query(q, sort, page);
        return integrations.list(org, query).map(list -> UiTemplates.plugins(frame, list.items(),
                ListControls.of(frame.base() + "/plugins", query, SORTS, list.total(), list.items().size()), notice));
    }

    private static final List<ListControls.Order> SORTS = ListControls.sorts(new ListControls.Order("slug", "Slug A–Z"),
            new ListControls.Order("-updated", "Recently changed"));

    @GET
    @AdminOnly
    @Path("/orgs/{org}/plugins/new")
    public Uni<TemplateInstance> installForm(@RestPath UUID org) {
        UiPage page = pages.page(org, "install");
        return credentialList(org).map(creds -> UiTemplates.install(page, new PluginForm(), FormErrors.NONE, creds, null));
    }

    @POST
    @Path("/orgs/{org}/plugins")
    public Uni<Object> install(@RestPath UUID org, @BeanParam PluginForm form) {
        UiPage page = pages.page(org, "install");
        return credentialFor(org, form)
                // A refused new credential and everything else wrong with the install, in one answer.
                .onFailure(InvalidFields.class).recoverWithUni(refused -> UiForms.attempt(() -> integrations.problemsOf(org,
                        draftOf(form, null))).map(more -> {
                            List<FieldProblem> all = new ArrayList<>(((InvalidFields) refused).problems());
                            all.addAll(more);
                            InvalidFields.throwIfAny(all);
                            return null;
                        }))
                .chain(credentialId -> integrations.create(org, draftOf(form, credentialId)))
                .<Object>map(view -> seeOther(page.base() + "/plugins/" + view.id() + "?notice=installed"))
                .onFailure().recoverWithUni(failure -> credentialList(org)
                        .map(creds -> UiTemplates.install(page, form, FormErrors.from(failure), creds, null)));
    }

    /**
     * "Test connection" on the install form: connects with what the form says (a stored
     * credential, or the new one typed, which is used for the test only and not stored) and shows
     * the form again with the result; nothing is installed.
     */
    @POST
    @Path("/orgs/{org}/plugins/new/test")
    public Uni<Object> testConnection(@RestPath UUID org, @BeanParam PluginForm form) {
        UiPage page = pages.page(org, "install");
        Uni<ConnectionTest> test;
        try {
            UUID credentialId = form.createsCredential() || form.hasNoCredential() ? null
                    : CanonicalUuid.parse(form.credential).orElseThrow(
                            () -> ApiException.invalidConfig("credentialId", "pick a credential from the list"));
            Map<String, String> typed;
            try {
                typed = typedHeaders(form);
            } catch (RuntimeException refused) {
                // The typed credential's problems belong next to its own fields.
                throw (RuntimeException) asNewCredentialField(refused);
            }
            test = tester.test(org, new ConnectionTestRequest(configOf(form), credentialId), typed);
        } catch (RuntimeException invalid) {
            test = Uni.createFrom().failure(invalid);
        }
        return test.<Object>chain(result -> credentialList(org).map(creds -> UiTemplates.install(page, form, FormErrors.NONE,
                creds, result)))
                .onFailure().recoverWithUni(failure -> credentialList(org)
                        .map(creds -> UiTemplates.install(page, form, FormErrors.from(failure), creds, null)));
    }

    /**
     * The header of a credential typed into the form and not stored yet, for a connection test
     * only, checked by the same rules as a stored one (no header the MCP client sets itself).
     */
    private Map<String, String> typedHeaders(PluginForm form) {
        if (!form.createsCredential()) {
            return Map.of();
        }
        // The name is not needed for a test: any valid one stands in for it.
        var header = credentials.enteredHeader(CreateCredentialRequest.entered(
                form.newCredentialName == null || form.newCredentialName.isBlank() ? "connection-test" : trim(form.newCredentialName),
                form.newCredentialType, blankToNull(form.newCredentialHeader), form.newCredentialSecret));
        return Map.of(header.getKey(), header.getValue());
    }

    /** What the model sees in requests made with an API key (every plugin), for a provider profile. */
    @GET
    @Path("/orgs/{org}/plugins/preview")
    public Uni<TemplateInstance> preview(@RestPath UUID org, @RestQuery String profile) {
        UiPage page = pages.page(org, "plugins");
        return previews.preview(org, profile, null, null, List.of()).map(result -> UiTemplates.toolPreview(page,
                ToolPreviewPage.of("every API key for all plugins", page.base() + "/plugins", "Plugins", page.base() + "/plugins/preview", result)));
    }

    @GET
    @Path("/orgs/{org}/plugins/{id}")
    public Uni<TemplateInstance> detail(@RestPath UUID org, @RestPath UUID id, @RestQuery String notice) {
        UiPage page = pages.page(org, "plugins");
        return integrations.get(org, id).chain(view -> credentialList(org).chain(creds -> usedBy(org, id)
                .chain(apps -> toolPolicies.tools(org, id).map(policy -> UiTemplates.plugin(page, PluginDetail.of(view),
                        PluginForm.of(view), FormErrors.NONE, creds, apps, notice, policy)))));
    }

    @POST
    @Path("/orgs/{org}/plugins/{id}")
    public Uni<Object> edit(@RestPath UUID org, @RestPath UUID id, @BeanParam PluginForm form) {
        UiPage page = pages.page(org, "plugins");
        // A stale form that types a new credential is refused before the credential is stored (nothing
        // of a refused save is kept); without one, the update's own If-Match check is enough.
        Uni<Void> staleCheck = !form.createsCredential() ? Uni.createFrom().voidItem() : integrations.get(org, id)
                .invoke(current -> EntityTags.requireMatch(form.ifMatch(), current.updatedAt(), "integration " + id))
                .replaceWithVoid();
        return staleCheck.chain(() -> credentialFor(org, form))
                .chain(credentialId -> integrations.update(org, id, patchOf(form, credentialId), form.ifMatch()))
                .<Object>map(view -> seeOther(page.base() + "/plugins/" + id + "?notice=updated"))
                .onFailure(this::isFormError).recoverWithUni(failure -> integrations.get(org, id)
                        .chain(view -> credentialList(org).chain(creds -> usedBy(org, id).chain(apps -> toolPolicies
                                .tools(org, id).map(policy -> {
                            form.slug = view.slug();
                            FormErrors errors = FormErrors.from(failure);
                            if (ErrorCodes.PRECONDITION_FAILED.equals(errors.code())) {
                                // The user's edits stay in the form; saving again applies them over the current values.
                                PluginForm saved = PluginForm.of(view);
                                form.version = saved.version;
                                Map<String, String> differing = FormErrors.differences(saved.values(), form.values());
                                // A credential is shown by its name, not its id.
                                differing.computeIfPresent("credentialId", (field, credentialId) -> creds.stream()
                                        .filter(c -> c.id().toString().equals(credentialId)).map(c -> c.name()).findFirst()
                                        .orElse("none"));
                                errors = FormErrors.changedMeanwhile("plugin", differing);
                            }
                            return UiTemplates.plugin(page, PluginDetail.of(view), form, errors, creds, apps, null, policy);
                        })))));
    }

    /**
     * Runs the refresh and waits for its result (the button shows it is busy meanwhile), then
     * goes back where it was asked: the plugin's page ({@code back=plugin}) or the list, both of
     * which show a failed refresh's error.
     */
    @POST
    @Path("/orgs/{org}/plugins/{id}/refresh")
    public Uni<Response> refresh(@RestPath UUID org, @RestPath UUID id, @RestForm String back) {
        UiPage page = pages.page(org, "plugins");
        String to = page.base() + "/plugins" + ("plugin".equals(back) ? "/" + id : "") + "?notice=";
        return refreshes.refresh(org, id)
                .map(view -> seeOther(to + (view.lastRefreshError() == null ? "refreshed" : "refresh-failed")))
                .onFailure(e -> e instanceof ApiException api && api.status() == 504)
                .recoverWithItem(() -> seeOther(to + "refresh-pending"));
    }

    @POST
    @Path("/orgs/{org}/plugins/{id}/delete")
    public Uni<Response> delete(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "plugins");
        return integrations.delete(org, id).map(ignored -> seeOther(page.base() + "/plugins?notice=deleted"));
    }

    /** Creates the credential the form asks for first, so the integration can point at it. */
    private Uni<UUID> credentialFor(UUID org, PluginForm form) {
        if (form.createsCredential()) {
            return UiForms.attempt(() -> credentials.create(org, CreateCredentialRequest.entered(trim(form.newCredentialName),
                    form.newCredentialType, blankToNull(form.newCredentialHeader), form.newCredentialSecret)))
                    .onFailure().transform(UiPluginsResource::asNewCredentialField)
                    // Kept even if the install then fails: the form offers it from now on.
                    .invoke(created -> form.credential = created.id().toString())
                    .map(CredentialView::id);
        }
        if (form.credential == null || form.credential.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return CanonicalUuid.parse(form.credential).map(id -> Uni.createFrom().item(id))
                .orElseGet(() -> Uni.createFrom().failure(ApiException.invalidConfig("credentialId", "pick a credential from the list")));
    }

    /** Credential errors (all of them) are shown next to the new-credential fields of this form. */
    private static Throwable asNewCredentialField(Throwable failure) {
        List<FieldProblem> problems = InvalidFields.problemsOf(failure);
        if (problems.isEmpty()) {
            return failure;
        }
        List<FieldProblem> moved = problems.stream().map(p -> {
            String target = p.field() == null ? "newCredentialName" : switch (p.field()) {
                case "type" -> "newCredentialType";
                case "headerName" -> "newCredentialHeader";
                case "secret" -> "newCredentialSecret";
                default -> "newCredentialName";
            };
            return new FieldProblem(p.status(), p.code(), target, p.message(), p.problem());
        }).toList();
        return InvalidFields.of(moved);
    }

    private static IntegrationDraft draftOf(PluginForm form, UUID credentialId) {
        return new IntegrationDraft("mcp", trim(form.slug), trim(form.displayName), blankToNull(form.description),
                configOf(form), credentialId);
    }

    private static IntegrationPatch patchOf(PluginForm form, UUID credentialId) {
        return IntegrationPatch.of(trim(form.displayName), blankToNull(form.description), configOf(form), credentialId);
    }

    private static McpConfigDraft configOf(PluginForm form) {
        return new McpConfigDraft(trim(form.endpoint), transport(form.transport),
                wholeNumber(form.timeoutMs, "config.timeoutMs", "milliseconds"),
                wholeNumber(form.toolResultMaxChars, "config.toolResultMaxChars", "characters"));
    }

    private static McpTransport transport(String wireName) {
        if (wireName == null || wireName.isBlank()) {
            return null;
        }
        try {
            return McpTransport.fromWire(wireName.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidConfig("config.transport", McpConfigDraft.TRANSPORT_RULE);
        }
    }

    private boolean isFormError(Throwable failure) {
        return !(failure instanceof ApiException api) || (api.status() != 404 && api.status() != 403);
    }

    /** The WhatsApp apps that selected the plugin and the live API keys limited to it. */
    private Uni<PluginUsers> usedBy(UUID org, UUID id) {
        return whatsAppApps.selecting(org, id).chain(apps -> apiKeys.scopedTo(org, id).map(keys -> new PluginUsers(apps, keys)));
    }

    private Uni<List<CredentialView>> credentialList(UUID org) {
        return credentials.list(org, Paging.FIRST_MAX).map(page -> page.items());
    }

    private static Integer wholeNumber(String text, String field, String unit) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidConfig(field, "must be a whole number of " + unit);
        }
    }
}
