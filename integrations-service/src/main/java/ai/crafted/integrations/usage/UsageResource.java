package ai.crafted.integrations.usage;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.error.QueryParameters;

/**
 * The organisation's usage of the gateway ({@link UsageService}): per plugin and tool, per
 * surface and model, per day. Members of any role read it (it holds counts and names, no
 * secrets); roles and the {@code X-Org-Id} header are the {@code TenancyFilter}'s.
 */
@Path("/organizations/{organizationId}/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage", description = "Chat requests, tokens and plugin tool calls per day, from the gateway's usage records")
@SecurityRequirement(name = "bearer")
public class UsageResource {

    private final UsageService usage;

    public UsageResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Operation(summary = "Usage over a range of UTC days: per plugin and tool (calls, errors, p50/p95 ms), tokens per surface"
            + " and model, totals per day")
    @APIResponse(responseCode = "200", description = "the usage; percentiles are the upper bound of their latency bucket")
    @APIResponse(responseCode = "400", description = "invalid_request naming from or to: not a date YYYY-MM-DD, from after to,"
            + " or a range longer than integrations.usage.max-range-days (92)")
    public Uni<UsageView> get(@PathParam("organizationId") UUID organizationId,
            @Parameter(description = "first UTC day, YYYY-MM-DD (default: 6 days before to)") @QueryParam("from") String from,
            @Parameter(description = "last UTC day, YYYY-MM-DD (default: today)") @QueryParam("to") String to,
            @Context HttpServerRequest request) {
        // The annotated parameters document the query; the values are read as sent (once, empty kept).
        UsageRange range = usage.range(QueryParameters.single(request, "from"), QueryParameters.single(request, "to"));
        return usage.usage(organizationId, range);
    }
}
