package ai.crafted.integrations.approval;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;

/**
 * The organisation's signed webhook for new pending approvals ({@link ApprovalWebhookService}):
 * admins set and remove it; the {@code PUT}'s answer is the only one with the signing secret.
 */
@Path("/organizations/{organizationId}/approval-webhook")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Approvals", description = "Tool calls that wait for a human's approval")
@SecurityRequirement(name = "bearer")
public class ApprovalWebhookResource {

    private final ApprovalWebhookService webhooks;
    private final OrganizationAccess access;

    public ApprovalWebhookResource(ApprovalWebhookService webhooks, OrganizationAccess access) {
        this.webhooks = webhooks;
        this.access = access;
    }

    /** 404 {@code not_found} when the organisation has none. */
    @GET
    @Operation(summary = "The approval webhook's URL (never its secret)")
    public Uni<ApprovalWebhookView> get(@PathParam("organizationId") UUID organizationId) {
        return webhooks.get(organizationId);
    }

    /** 400 {@code invalid_request} naming {@code url} for a URL that is not public https. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the webhook new pending approvals are POSTed to (admins); answers a new signing secret, once")
    @APIResponse(responseCode = "200", description = "set: the answer holds the signing secret, which is never shown again")
    public Uni<ApprovalWebhookView> put(@PathParam("organizationId") UUID organizationId, ApprovalWebhookRequest body) {
        return webhooks.set(organizationId, body, access.subject());
    }

    /** Removes the webhook (admins); 204 whether or not there was one. */
    @DELETE
    @Operation(summary = "Remove the approval webhook (admins); its undelivered POSTs are dropped")
    @APIResponse(responseCode = "204", description = "removed (or there was none)")
    public Uni<Response> delete(@PathParam("organizationId") UUID organizationId) {
        return webhooks.delete(organizationId, access.subject()).map(ignored -> Response.noContent().build());
    }
}
