package ai.crafted.integrations.catalog;

import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.integration.IntegrationView;

/**
 * {@code POST /organizations/{organizationId}/integrations/{integrationId}/refresh}: asks
 * catalog-refresher for a new listing and answers with the integration once it is stored
 * (200 also when the refresh failed: {@code lastRefreshError} says why; 504
 * {@code refresh_timeout} when the refresher does not answer in time). Admins only, like every
 * write ({@code TenancyFilter}).
 */
@Path("/organizations/{organizationId}/integrations/{integrationId}/refresh")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations", description = "MCP servers installed as plugins")
@SecurityRequirement(name = "bearer")
public class RefreshResource {

    private final RefreshService refreshes;

    public RefreshResource(RefreshService refreshes) {
        this.refreshes = refreshes;
    }

    @POST
    @Operation(summary = "Refresh the cached tool catalog now and return the integration with the result",
            description = "A failed refresh still answers 200: the previous catalog stays and lastRefreshError says why."
                    + " Concurrent refreshes of one integration share one call to the MCP server.")
    public Uni<IntegrationView> refresh(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId) {
        return refreshes.refresh(organizationId, integrationId);
    }
}
