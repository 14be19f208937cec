package ai.crafted.integrations.integration;

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


@Path("/organizations/{organizationId}/integrations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations", description = "MCP servers installed as plugins")
@SecurityRequirement(name = "bearer")
public class IntegrationResource {


    private final IntegrationService service;
    private final ConnectionTester tester;

    public IntegrationResource(IntegrationService service, ConnectionTester tester) {
        this.service = service;
        this.tester = tester;
    }

    @POST
    @Operation(summary = "Install an MCP server")
    public Uni<Response> create(@PathParam("organizationId") UUID organizationId, IntegrationDraft body) {
        return service.create(organizationId, body).map(view -> Response
                .created(URI.create("/organizations/" + organizationId + "/integrations/" + view.id()))
                .entity(view).build());
    }

    /**
     * Connects to an MCP server as an install would (initialize, tools/list) without installing
     * it: 200 with {@code ok} and what was found, or {@code ok: false} with the server's error;
     * 400 for a configuration an install would refuse.
     */
    @POST
    @Path("/connection-test")
    @Operation(summary = "Test an MCP server before installing it (nothing is stored)")
    public Uni<ConnectionTest> testConnection(@PathParam("organizationId") UUID organizationId, ConnectionTestRequest body) {
        return tester.test(organizationId, body, java.util.Map.of());
    }

    @GET
    @Operation(summary = "List the organisation's MCP plugins with tool counts and refresh errors")
    public Uni<IntegrationPage> list(@PathParam("organizationId") UUID organizationId,
            @BeanParam PageQuery query) {
        return service.list(organizationId, query.listQuery());
    }

    @GET
    @Path("/{integrationId}")
    @Operation(summary = "Get one integration with its cached tool catalog")
    @APIResponse(responseCode = "200", description = "The integration; ETag: its entity tag, for If-Match",
            content = @Content(schema = @Schema(implementation = IntegrationView.class)))
    public Uni<Response> get(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId) {
        return service.get(organizationId, integrationId).map(view -> EntityTags.tagged(view, view.updatedAt()));
    }

    @PATCH
    @Path("/{integrationId}")
    @Operation(summary = "Change display name, description, config or credential (JSON merge patch; slug is fixed)")
    @APIResponse(responseCode = "200", description = "The changed integration with its new ETag",
            content = @Content(schema = @Schema(implementation = IntegrationView.class)))
    @APIResponse(responseCode = "412", description = "precondition_failed: If-Match names a tag the integration no longer has")
    public Uni<Response> update(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId,
            @Parameter(description = "Apply only if the integration still has this ETag (RFC 9110 §13.1.1)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            IntegrationPatch patch) {
        return service.update(organizationId, integrationId, patch, ifMatch).map(view -> EntityTags.tagged(view, view.updatedAt()));
    }

    @DELETE
    @Path("/{integrationId}")
    @Operation(summary = "Uninstall an MCP server")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId) {
        return service.delete(organizationId, integrationId).map(ignored -> Response.noContent().build());
    }
}
