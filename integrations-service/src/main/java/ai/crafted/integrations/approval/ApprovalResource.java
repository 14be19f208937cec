package ai.crafted.integrations.approval;

import java.util.UUID;

import jakarta.ws.rs.BeanParam;
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

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.PageQuery;
import ai.crafted.integrations.error.QueryParameters;
import ai.crafted.integrations.error.RequestChecks;

/**
 * Approvals of tool calls that need a human ({@link ApprovalService}): members (viewers and
 * admins) read them; approving and denying is for admins (writes: {@code TenancyFilter}). A
 * decision answers 200 with the approval as the gateway decided it, or 202 with it still pending
 * (and {@code sentDecision} set) when the gateway has not applied it within
 * {@code integrations.approvals.answer-wait}: {@code GET} it later.
 */
@Path("/organizations/{organizationId}/approvals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Approvals", description = "Tool calls that wait for a human's approval")
@SecurityRequirement(name = "bearer")
public class ApprovalResource {

    private final ApprovalService approvals;
    private final OrganizationAccess access;
    private final RequestChecks checks;

    public ApprovalResource(ApprovalService approvals, OrganizationAccess access, RequestChecks checks) {
        this.approvals = approvals;
        this.access = access;
        this.checks = checks;
    }

    /** 400 {@code invalid_request} naming {@code status}, {@code page} or {@code size} for a bad query. */
    @GET
    @Operation(summary = "The organisation's approvals, newest request first; ?status= picks pending, approved, denied, expired or used")
    public Uni<ApprovalPage> list(@PathParam("organizationId") UUID organizationId,
            @Parameter(description = "pending, approved, denied, expired (a pending one past its expiry included) or used")
            @QueryParam("status") String status,
            @BeanParam PageQuery query, @Context HttpServerRequest request) {
        // The annotated parameter documents the query; the value is read as sent (once).
        ApprovalFilter filter = ApprovalFilter.ofQuery(QueryParameters.single(request, "status"));
        return approvals.list(organizationId, filter, query.paging());
    }

    /** 404 {@code not_found} for an unknown or another organisation's approval. */
    @GET
    @Path("/{approvalId}")
    @Operation(summary = "One approval: the tool, its arguments, who asked, its state")
    public Uni<ApprovalView> get(@PathParam("organizationId") UUID organizationId, @PathParam("approvalId") UUID approvalId) {
        return approvals.get(organizationId, approvalId);
    }

    /** See {@link ApprovalService#decide} for the errors. */
    @POST
    @Path("/{approvalId}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a pending tool call (admins): the gateway runs it once, with exactly these arguments")
    @APIResponse(responseCode = "200", description = "the gateway applied the decision: the approval as it now reads")
    @APIResponse(responseCode = "202", description = "sent; the gateway has not applied it yet: the approval still reads pending")
    public Uni<Response> approve(@PathParam("organizationId") UUID organizationId, @PathParam("approvalId") UUID approvalId,
            ApprovalDecisionRequest body, @Context HttpServerRequest request) {
        return decide(organizationId, approvalId, true, body, request);
    }

    /** See {@link ApprovalService#decide} for the errors. */
    @POST
    @Path("/{approvalId}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deny a pending tool call (admins): the model is told the call was denied")
    @APIResponse(responseCode = "200", description = "the gateway applied the decision: the approval as it now reads")
    @APIResponse(responseCode = "202", description = "sent; the gateway has not applied it yet: the approval still reads pending")
    public Uni<Response> deny(@PathParam("organizationId") UUID organizationId, @PathParam("approvalId") UUID approvalId,
            ApprovalDecisionRequest body, @Context HttpServerRequest request) {
        return decide(organizationId, approvalId, false, body, request);
    }

    private Uni<Response> decide(UUID organizationId, UUID approvalId, boolean approve, ApprovalDecisionRequest body,
            HttpServerRequest request) {
        if (body == null && sentABody(request)) {
            // JSON null is not "no body": the body, when sent, is one object.
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the body, when sent, must be a JSON object", null);
        }
        String reason = body == null ? null : checks.validated(body).reason();
        reason = reason == null || reason.isBlank() ? null : reason.strip();
        return approvals.decide(organizationId, approvalId, approve, reason, access.subject())
                .map(view -> Response.status("pending".equals(view.status()) ? 202 : 200).entity(view).build());
    }

    private static boolean sentABody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
