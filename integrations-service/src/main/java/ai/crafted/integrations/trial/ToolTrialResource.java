package ai.crafted.integrations.trial;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.QueryParameters;

/**
 * "Try tool" over the API: {@code POST …/integrations/{integrationId}/tool-trials} calls one tool
 * through the gateway ({@link ToolTrialService}) and answers 201 with the outcome, or 202 while
 * the gateway has not answered yet (poll the {@code Location}); {@code GET} lists the plugin's
 * recent trials or shows one. Admins only, reads too: trials hold what tools answered (customer
 * records, say), which viewers, who cannot call tools, do not see in the UI either.
 */
@Path("/organizations/{organizationId}/integrations/{integrationId}/tool-trials")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations", description = "MCP servers installed as plugins")
@SecurityRequirement(name = "bearer")
public class ToolTrialResource {

    private final ToolTrialService trials;
    private final OrganizationAccess access;

    public ToolTrialResource(ToolTrialService trials, OrganizationAccess access) {
        this.trials = trials;
        this.access = access;
    }

    @POST
    @Operation(summary = "Call one of the plugin's tools through the gateway, as a model's call would be, and record it")
    @APIResponse(responseCode = "201", description = "the gateway answered: status is its outcome, result what a model would read")
    @APIResponse(responseCode = "202", description = "still pending when the wait ended: GET the Location for the outcome")
    public Uni<Response> start(@PathParam("organizationId") UUID organizationId, @PathParam("integrationId") UUID integrationId,
            ToolTrialRequest body) {
        return trials.start(organizationId, integrationId, body, access.subject()).map(trial -> Response
                .status(trial.done() ? 201 : 202)
                .location(URI.create("/organizations/" + organizationId + "/integrations/" + integrationId
                        + "/tool-trials/" + trial.id()))
                .entity(trial).build());
    }

    @GET
    @AdminOnly
    @Operation(summary = "The plugin's " + ToolTrialService.RECENT + " latest tool trials, newest first (admins)")
    public Uni<List<ToolTrialView>> recent(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId,
            @Parameter(description = "only this tool's trials (its MCP name)") @QueryParam("toolName") String toolName,
            @Context HttpServerRequest request) {
        // The annotated parameter documents the query; the value is read as sent (once, empty kept).
        return trials.recent(organizationId, integrationId, QueryParameters.single(request, "toolName"));
    }

    @GET
    @AdminOnly
    @Path("/{trialId}")
    @Operation(summary = "One tool trial: pending, or the gateway's outcome (admins)")
    public Uni<ToolTrialView> find(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, @PathParam("trialId") UUID trialId) {
        return trials.find(organizationId, integrationId, trialId);
    }
}
