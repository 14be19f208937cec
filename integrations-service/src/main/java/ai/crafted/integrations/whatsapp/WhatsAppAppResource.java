package ai.crafted.integrations.whatsapp;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.EntityTags;
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
        return service.list(organizationId, query.listQuery());
    }

    @GET
    @Path("/{appId}")
    @Operation(summary = "Get a WhatsApp app, with the plugins selected and not selected")
    @APIResponse(responseCode = "200", description = "The app; ETag: its entity tag, for If-Match",
            content = @Content(schema = @Schema(implementation = WhatsAppAppView.class)))
    public Uni<Response> get(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId) {
        return service.get(organizationId, appId).map(view -> EntityTags.tagged(view, view.updatedAt()));
    }

    @PATCH
    @Path("/{appId}")
    @Operation(summary = "Change fields of a WhatsApp app (JSON merge patch: absent fields stay; null clears systemPrompt and mcpPluginIds"
            + " and sets allowedTools to every tool)")
    @APIResponse(responseCode = "200", description = "The changed app with its new ETag",
            content = @Content(schema = @Schema(implementation = WhatsAppAppView.class)))
    @APIResponse(responseCode = "412", description = "precondition_failed: If-Match names a tag the app no longer has")
    public Uni<Response> update(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId,
            @Parameter(description = "Apply only if the app still has this ETag (RFC 9110 §13.1.1)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            WhatsAppAppPatch body) {
        return service.patch(organizationId, appId, body, ifMatch).map(view -> EntityTags.tagged(view, view.updatedAt()));
    }

    @POST
    @Path("/{appId}/gateway-key")
    @Operation(summary = "Issue the app a new gateway API key (the old one is revoked); the key itself is never returned")
    public Uni<Response> reissueGatewayKey(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId) {
        return service.reissueGatewayKey(organizationId, appId).map(view -> EntityTags.tagged(view, view.updatedAt()));
    }

    @DELETE
    @Path("/{appId}")
    @Operation(summary = "Delete a WhatsApp app (its gateway key is revoked)")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId) {
        return service.delete(organizationId, appId).map(ignored -> Response.noContent().build());
    }
}
