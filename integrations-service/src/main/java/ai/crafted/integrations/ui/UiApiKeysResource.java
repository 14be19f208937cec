package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.seeOther;
import static ai.crafted.integrations.ui.UiForms.trim;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.apikey.ApiKeyService;
import ai.crafted.integrations.apikey.ApiKeyView;
import ai.crafted.integrations.apikey.CreateApiKeyRequest;
import ai.crafted.integrations.error.Paging;

/** Gateway API keys: create (the key is on that one page only), list, revoke. */
@Path("/ui/orgs/{org}/api-keys")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiApiKeysResource {

    private final UiPages pages;
    private final ApiKeyService keys;

    public UiApiKeysResource(UiPages pages, ApiKeyService keys) {
        this.pages = pages;
        this.keys = keys;
    }

    @GET
    public Uni<TemplateInstance> list(@RestPath UUID org, @RestQuery String notice) {
        UiPage page = pages.page(org, "api-keys");
        return render(page, null, FormErrors.NONE, notice);
    }

    /** Answers with the page itself (no redirect): the key must not travel in a URL or be shown twice. */
    @POST
    public Uni<Response> create(@RestPath UUID org, @RestForm String name) {
        UiPage page = pages.page(org, "api-keys");
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return keys.create(org, new CreateApiKeyRequest(trim(name)))
                .chain(created -> render(page, created, FormErrors.NONE, null))
                .onFailure().recoverWithUni(failure -> render(page, null, FormErrors.from(failure), null))
                .map(template -> Response.ok(template).cacheControl(noStore).build());
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<Response> revoke(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "api-keys");
        return keys.revoke(org, id).map(ignored -> seeOther(page.base() + "/api-keys?notice=revoked"));
    }

    private Uni<TemplateInstance> render(UiPage page, ApiKeyView created, FormErrors errors, String notice) {
        return keys.list(page.org(), Paging.FIRST_MAX).map(list -> UiTemplates.apiKeys(page, list.items(), created, errors, notice));
    }
}
