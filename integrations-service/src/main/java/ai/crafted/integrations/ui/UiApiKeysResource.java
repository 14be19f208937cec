package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.seeOther;
import static ai.crafted.integrations.ui.UiForms.trim;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.security.Authenticated;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.apikey.ApiKeyService;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.apikey.ApiKeyView;
import ai.crafted.integrations.apikey.CreateApiKeyRequest;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.integration.IntegrationService;
import ai.crafted.integrations.integration.IntegrationSummaryView;
import ai.crafted.integrations.preview.ToolPreviewService;
import ai.crafted.integrations.whatsapp.WhatsAppAppService;
import ai.crafted.integrations.whatsapp.WhatsAppAppRef;
import ai.crafted.http.CanonicalUuid;

/**
 * Gateway API keys: create, list, revoke. A created key is shown on the page the POST redirects to
 * (POST-redirect-GET), carried there in a sealed, short-lived cookie ({@link NewApiKeyCookie}), so
 * a reload or Back/Forward shows the list again and never creates a second key.
 */
@Path("/ui/orgs/{org}/api-keys")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiApiKeysResource {

    private final UiPages pages;
    private final ApiKeyService keys;
    private final NewApiKeyCookie newKeys;
    private final OrganizationAccess access;
    private final WhatsAppAppService apps;
    private final IntegrationService integrations;
    private final ToolPreviewService previews;

    public UiApiKeysResource(UiPages pages, ApiKeyService keys, NewApiKeyCookie newKeys, OrganizationAccess access,
            WhatsAppAppService apps, IntegrationService integrations, ToolPreviewService previews) {
        this.previews = previews;
        this.apps = apps;
        this.integrations = integrations;
        this.pages = pages;
        this.keys = keys;
        this.newKeys = newKeys;
        this.access = access;
    }

    /**
     * The list; with {@code created} (a key's id) and the cookie the creating POST set, that key
     * once, in full. Without the cookie (a reload, another browser) the page says it was shown once.
     */
    @GET
    public Uni<Response> list(@RestPath UUID org, @RestQuery String notice, @RestQuery UUID created,
            @RestCookie(NewApiKeyCookie.NAME) String newKey, @RestQuery String q, @RestQuery String sort,
            @RestQuery String page) {
        UiPage frame = pages.page(org, "api-keys");
        ListQuery query = ListControls.query(q, sort, page);
        Optional<String> shown = newKeys.open(newKey, org, created, access.sessionMarker());
        String said = created != null && shown.isEmpty() ? "key-shown-once" : notice;
        Uni<ApiKeyView> withKey = shown.isEmpty() ? Uni.createFrom().nullItem() : keys.find(org, created)
                .map(k -> k == null || k.revokedAt() != null ? null : k.withKey(shown.get()));
        return withKey.chain(key -> render(frame, query, key, FormErrors.NONE, said).map(template -> {
            Response.ResponseBuilder answer = Response.ok(template).cacheControl(noStore());
            return newKey == null ? answer.build() : answer.cookie(newKeys.clear(org)).build();
        }));
    }

    /**
     * Creates the key and redirects to the page that shows it; a refused name re-renders the form.
     * {@code scope} is {@code all} (every plugin, now and later) or {@code some}: only the ticked
     * {@code plugin} ids (none ticked: a key without plugin tools); {@code tools} is {@code all}
     * (every tool of those plugins) or {@code some}: only the {@code allowedTools} lines
     * ({@link ToolAllowlistLines}).
     */
    @POST
    public Uni<Response> create(@RestPath UUID org, @RestForm String name, @RestForm String expiresInDays,
            @RestForm String scope, @RestForm("plugin") List<String> plugin, @RestForm String tools,
            @RestForm String allowedTools) {
        UiPage page = pages.page(org, "api-keys");
        return UiForms.attempt(() -> integrations.list(org, Paging.FIRST_MAX).chain(plugins -> {
                    ToolAllowlistLines lines = ToolAllowlistLines.parse(tools, allowedTools, ToolAllowlistLines.idsBySlug(plugins.items()),
                            ErrorCodes.INVALID_REQUEST);
                    return keys.create(org, new CreateApiKeyRequest(trim(name), days(expiresInDays), scope(scope, plugin),
                            lines.tools())).onFailure().transform(lines::relabel);
                }))
                .map(created -> Response.seeOther(URI.create(page.base() + "/api-keys?created=" + created.id()))
                        .cookie(newKeys.issue(org, created.id(), created.key(), access.sessionMarker())).build())
                .onFailure().recoverWithUni(failure -> render(page, ListControls.firstPage(), null, FormErrors.from(failure), null)
                        .map(template -> Response.ok(template).build()));
    }

    /** What the model sees in this key's requests (its plugins and tool allowlist), for a provider profile. */
    @GET
    @Path("/{id}/preview")
    public Uni<TemplateInstance> preview(@RestPath UUID org, @RestPath UUID id, @RestQuery String profile) {
        UiPage page = pages.page(org, "api-keys");
        return keys.find(org, id).onItem().ifNull().failWith(() -> ApiException.notFound("API key " + id))
                .chain(key -> previews.preview(org, profile, id.toString(), null, List.of())
                        .map(result -> UiTemplates.toolPreview(page, ToolPreviewPage.of("the API key " + key.name(),
                                page.base() + "/api-keys", "API keys", page.base() + "/api-keys/" + id + "/preview", result))));
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<Response> revoke(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "api-keys");
        return keys.revoke(org, id).map(ignored -> seeOther(page.base() + "/api-keys?notice=revoked"));
    }

    private static final List<ListControls.Order> SORTS = ListControls.BY_CREATED_AND_NAME;

    private Uni<TemplateInstance> render(UiPage page, ListQuery query, ApiKeyView created, FormErrors errors, String notice) {
        return keys.list(page.org(), query).chain(list -> owners(page.org()).chain(owners -> integrations
                .list(page.org(), Paging.FIRST_MAX).map(plugins -> UiTemplates.apiKeys(page, list.items(),
                        ListControls.of(page.base() + "/api-keys", query, SORTS, list.total(), list.items().size()),
                        owners, plugins.items().stream().collect(Collectors.toMap(IntegrationSummaryView::id,
                                Function.identity(), (one, other) -> one, java.util.LinkedHashMap::new)),
                        created, errors, notice))));
    }

    /** The form's scope: null for every plugin, else the ticked ids (the API checks they are the organisation's). */
    private static List<UUID> scope(String scope, List<String> tickedIds) {
        boolean ticked = tickedIds != null && !tickedIds.isEmpty();
        if (scope == null || scope.isBlank() || "all".equals(scope)) {
            if (ticked) {
                // Both said at once: the key would silently reach more than the ticks suggest.
                throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "you ticked plugins but chose all plugins: choose"
                        + " \"Only the plugins ticked here\", or untick them", "mcpPluginIds");
            }
            return null;
        }
        if (!"some".equals(scope)) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "pick all plugins or some", "mcpPluginIds");
        }
        List<UUID> ids = new java.util.ArrayList<>();
        for (String value : tickedIds == null ? List.<String>of() : tickedIds) {
            ids.add(CanonicalUuid.parse(value).orElseThrow(() -> new ApiException(400, ErrorCodes.INVALID_REQUEST,
                    "unknown plugin in the selection", "mcpPluginIds")));
        }
        return ids;
    }

    /** The WhatsApp apps by the id of their current gateway key (a key's name proves nothing: any admin can choose it). */
    private Uni<Map<UUID, WhatsAppAppRef>> owners(UUID org) {
        return apps.byGatewayKey(org);
    }

    /** The form's "Expires" choice: empty for never, else a whole number of days (the API checks the range). */
    private static Integer days(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().matches("[0-9]{1,4}")) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "pick when the key expires from the list", "expiresInDays");
        }
        return Integer.valueOf(value.trim());
    }

    private static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }
}
