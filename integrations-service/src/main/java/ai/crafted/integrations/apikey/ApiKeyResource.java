package ai.crafted.integrations.apikey;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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


@Path("/organizations/{organizationId}/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Keys for the OpenAI-compatible gateway")
@SecurityRequirement(name = "bearer")
public class ApiKeyResource {


    private final ApiKeyService service;

    public ApiKeyResource(ApiKeyService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Create a gateway API key; the key is in this response only")
    public Uni<Response> create(@PathParam("organizationId") UUID organizationId, CreateApiKeyRequest body) {
        return service.create(organizationId, body).map(view -> Response
                .created(URI.create("/organizations/" + organizationId + "/api-keys/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(summary = "List API keys (prefix and dates, never the key)")
    public Uni<ApiKeyPage> list(@PathParam("organizationId") UUID organizationId, @BeanParam PageQuery query) {
        return service.list(organizationId, query.listQuery());
    }

    @DELETE
    @Path("/{apiKeyId}")
    @Operation(summary = "Revoke an API key; the gateway refuses it within seconds")
    public Uni<Response> revoke(@PathParam("organizationId") UUID organizationId,
            @PathParam("apiKeyId") UUID apiKeyId) {
        return service.revoke(organizationId, apiKeyId).map(ignored -> Response.noContent().build());
    }
}
