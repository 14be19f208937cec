package ai.crafted.integrations.credential;

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
import ai.crafted.integrations.oauth.OAuthConnections;


@Path("/organizations/{organizationId}/credentials")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Credentials", description = "Write-only secrets used when calling MCP servers")
@SecurityRequirement(name = "bearer")
public class CredentialResource {


    private final CredentialService service;
    private final OAuthConnections connections;

    public CredentialResource(CredentialService service, OAuthConnections connections) {
        this.service = service;
        this.connections = connections;
    }

    @POST
    @Operation(summary = "Store a secret (bearer token or custom header); the response shows only metadata")
    public Uni<Response> create(@PathParam("organizationId") UUID organizationId, CreateCredentialRequest body) {
        return service.create(organizationId, body).map(view -> Response
                .created(URI.create("/organizations/" + organizationId + "/credentials/" + view.id()))
                .entity(view).build());
    }

    @GET
    @Operation(summary = "List the organisation's credentials (metadata only)")
    public Uni<CredentialPage> list(@PathParam("organizationId") UUID organizationId, @BeanParam PageQuery query) {
        return service.list(organizationId, query.listQuery());
    }

    @GET
    @Path("/{credentialId}")
    @Operation(summary = "Get one credential's metadata")
    public Uni<CredentialView> get(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId) {
        return service.get(organizationId, credentialId);
    }

    @POST
    @Path("/{credentialId}/rotate")
    @Operation(summary = "Replace the secret; services calling MCP servers use the new one within seconds")
    public Uni<CredentialView> rotate(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId,
            RotateCredentialRequest body) {
        return service.rotate(organizationId, credentialId, body);
    }

    /**
     * Where to connect an OAuth credential, once discovery found its authorization server; 404 for
     * another organisation's, 400 for one of another type, 502 {@code oauth_connect_failed} when
     * the server does not ask for OAuth or its authorization server cannot be used (also kept as
     * {@code oauth.problem}).
     */
    @POST
    @Path("/{credentialId}/connect")
    @Operation(summary = "Connect an OAuth credential: open the answered authorizationUrl in a browser signed in to the"
            + " control panel as an admin; it starts the authorization there (the callback is bound to that browser)")
    public Uni<ConnectAnswer> connect(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId) {
        return service.get(organizationId, credentialId).chain(credential -> {
            if (credential.oauth() == null) {
                throw CredentialService.invalid("type", "only OAuth credentials connect; this one is of type " + credential.type());
            }
            return connections.checkedStartUrl(organizationId, credentialId).map(ConnectAnswer::new);
        });
    }

    /** @param authorizationUrl the control panel's URL that starts the authorization in the browser that opens it */
    public record ConnectAnswer(java.net.URI authorizationUrl) {
    }

    @DELETE
    @Path("/{credentialId}")
    @Operation(summary = "Delete a credential that no integration uses (otherwise 409 credential_in_use)")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId,
            @PathParam("credentialId") UUID credentialId) {
        return service.delete(organizationId, credentialId).map(ignored -> Response.noContent().build());
    }
}
