package ai.crafted.integrations.audit;

import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.error.PageQuery;

/**
 * {@code GET /organizations/{organizationId}/audit}: the organisation's audit log, newest first
 * (paged). Admins only: the lines name the people who made each change (their subjects), which
 * viewers, who cannot change anything, do not need.
 */
@Path("/organizations/{organizationId}/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who changed tool policies and accepted tool versions, and when")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    private final AuditReader reader;

    public AuditResource(AuditReader reader) {
        this.reader = reader;
    }

    @GET
    @AdminOnly
    @Operation(summary = "The organisation's audit log, newest first (admins)")
    public Uni<AuditEventView.Page> list(@PathParam("organizationId") UUID organizationId, @BeanParam PageQuery query) {
        return reader.page(organizationId, query.paging());
    }
}
