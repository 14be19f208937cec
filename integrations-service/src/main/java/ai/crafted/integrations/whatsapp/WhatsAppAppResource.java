package ai.crafted.integrations.whatsapp;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.PageQuery;


@Path("/organizations/{organizationId}/whatsapp-apps")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "WhatsApp", description = "WhatsApp numbers answered by the assistant, and the MCP plugins it may use")
@SecurityRequirement(name = "bearer")
public class WhatsAppAppResource {


    private final WhatsAppAppService service;

    public WhatsAppAppResource(WhatsAppAppService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Configure a WhatsApp number: tokens (write-only), model, prompt and selected MCP plugins")
    public Uni<Response> create(@PathParam("organizationId") UUID organizationId, WhatsAppAppRequest body) {
        return service.create(organizationId, body).map(view -> Response
                .created(URI.create("/organizations/" + organizationId + "/whatsapp-apps/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(summary = "List WhatsApp apps")
    public Uni<WhatsAppAppPage> list(@PathParam("organizationId") UUID organizationId, @BeanParam PageQuery query) {
        return service.list(organizationId, query.paging());
    }

    @GET
    @Path("/{appId}")
    @Operation(summary = "Get a WhatsApp app, with the plugins selected and not selected")
    public Uni<WhatsAppAppView> get(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId) {
        return service.get(organizationId, appId);
    }

    @PATCH
    @Path("/{appId}")
    @Operation(summary = "Change fields of a WhatsApp app (JSON merge patch: absent fields stay; null clears systemPrompt and mcpPluginIds)")
    public Uni<WhatsAppAppView> update(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId, WhatsAppAppPatch body) {
        return service.patch(organizationId, appId, body);
    }

    @DELETE
    @Path("/{appId}")
    @Operation(summary = "Delete a WhatsApp app (its gateway key is revoked)")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId) {
        return service.delete(organizationId, appId).map(ignored -> Response.noContent().build());
    }
}
