package ai.crafted.integrations.credential;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import ai.crafted.integrations.auth.OrganizationAccess;

@Path("/organizations/{organizationId}/credentials")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Credentials", description = "Write-only secrets used when calling MCP servers")
@SecurityRequirement(name = "bearer")
public class CredentialResource {


    private final CredentialService service;
    private final OrganizationAccess access;

    public CredentialResource(CredentialService service, OrganizationAccess access) {
        this.service = service;
        this.access = access;
    }

    @POST
    @Operation(summary = "Store a secret (bearer token or custom header); the response shows only metadata")
    public Uni<Response> create(@PathParam("organizationId") UUID organizationId,
            @HeaderParam(OrganizationAccess.ORG_HEADER) String orgHeader, CreateCredentialRequest body) {
        access.requireAdmin(organizationId, orgHeader);
        return service.create(organizationId, body).map(view -> Response
                .created(URI.create("/organizations/" + organizationId + "/credentials/" + view.id()))
                .entity(view).build());
    }

    @GET
    @Operation(summary = "List the organisation's credentials (metadata only)")
    public Uni<CredentialPage> list(@PathParam("organizationId") UUID organizationId,
            @HeaderParam(OrganizationAccess.ORG_HEADER) String orgHeader) {
        access.requireViewer(organizationId, orgHeader);
        return service.list(organizationId);
    }

    @GET
    @Path("/{credentialId}")
    @Operation(summary = "Get one credential's metadata")
    public Uni<CredentialView> get(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId, @HeaderParam(OrganizationAccess.ORG_HEADER) String orgHeader) {
        access.requireViewer(organizationId, orgHeader);
        return service.get(organizationId, credentialId);
    }

    @POST
    @Path("/{credentialId}/rotate")
    @Operation(summary = "Replace the secret; services calling MCP servers use the new one within seconds")
    public Uni<CredentialView> rotate(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId, @HeaderParam(OrganizationAccess.ORG_HEADER) String orgHeader,
            RotateCredentialRequest body) {
        access.requireAdmin(organizationId, orgHeader);
        return service.rotate(organizationId, credentialId, body);
    }

    @DELETE
    @Path("/{credentialId}")
    @Operation(summary = "Delete a credential that no integration uses (otherwise 409 credential_in_use)")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId, @HeaderParam(OrganizationAccess.ORG_HEADER) String orgHeader) {
        access.requireAdmin(organizationId, orgHeader);
        return service.delete(organizationId, credentialId).map(ignored -> Response.noContent().build());
    }
}
