package ai.crafted.integrations.organization;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.auth.OrganizationRole;
import ai.crafted.integrations.error.EntityTags;

/**
 * The organisation itself: its name for any member, renaming for admins (roles and the
 * {@code X-Org-Id} header are the {@code TenancyFilter}'s, as on every route).
 */
@Path("/organizations/{organizationId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organisations", description = "The organisation's name, shown by the control panel instead of its id")
@SecurityRequirement(name = "bearer")
public class OrganizationResource {

    private final OrganizationService service;
    private final OrganizationAccess access;

    public OrganizationResource(OrganizationService service, OrganizationAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @Operation(summary = "Get the organisation: its name (null until an admin sets one) and the caller's role")
    @APIResponse(responseCode = "200", description = "The organisation; ETag: its entity tag, for If-Match (\"0\" while it has no name)",
            content = @Content(schema = @Schema(implementation = OrganizationView.class)))
    public Uni<Response> get(@PathParam("organizationId") UUID organizationId) {
        OrganizationRole role = access.roleIn(organizationId);
        return service.get(organizationId).map(organization -> tagged(organization, role));
    }

    @PUT
    @Operation(summary = "Name the organisation (admins): trimmed, 1 to 80 characters, one line")
    @APIResponse(responseCode = "200", description = "The organisation with its new name and ETag",
            content = @Content(schema = @Schema(implementation = OrganizationView.class)))
    @APIResponse(responseCode = "412", description = "precondition_failed: If-Match names a tag the organisation no longer has")
    public Uni<Response> rename(@PathParam("organizationId") UUID organizationId,
            @Parameter(description = "Apply only if the organisation still has this ETag (RFC 9110 §13.1.1)")
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            OrganizationRequest body) {
        OrganizationRole role = access.roleIn(organizationId);
        return service.rename(organizationId, body, ifMatch, access.subject())
                .map(organization -> tagged(organization, role));
    }

    private static Response tagged(OrganizationName organization, OrganizationRole role) {
        return EntityTags.tagged(OrganizationView.of(organization, role), organization.version());
    }
}
