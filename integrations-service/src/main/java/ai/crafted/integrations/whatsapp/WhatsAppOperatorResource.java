package ai.crafted.integrations.whatsapp;

import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

import ai.crafted.events.WhatsAppOperatorActionEvent.Action;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.PageQuery;

/**
 * WhatsApp messages that need an operator: the app's parked messages (a reply interrupted while
 * being sent, so WhatsApp may or may not have received it), and the two actions on a parked or
 * failed customer message, retry and mark failed (admins only, like every write:
 * {@code TenancyFilter}). The actions answer 202: whatsapp-worker applies them shortly after.
 */
@Path("/organizations/{organizationId}/whatsapp-apps/{appId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "WhatsApp", description = "WhatsApp numbers answered by the assistant, and the MCP plugins it may use")
@SecurityRequirement(name = "bearer")
public class WhatsAppOperatorResource {

    private final WhatsAppConversations conversations;
    private final WhatsAppOperatorActions actions;
    private final OrganizationAccess access;

    public WhatsAppOperatorResource(WhatsAppConversations conversations, WhatsAppOperatorActions actions,
            OrganizationAccess access) {
        this.conversations = conversations;
        this.actions = actions;
        this.access = access;
    }

    /** The app's parked messages, the longest waiting first; 404 {@code not_found} for an app that is not the organisation's. */
    @GET
    @Path("/parked-messages")
    @Operation(summary = "Customer messages that need an operator: replies interrupted while being sent (status parked)")
    public Uni<WhatsAppConversationView.ParkedPage> parked(@PathParam("organizationId") UUID organizationId,
            @PathParam("appId") UUID appId,
            @BeanParam PageQuery query) {
        return conversations.parked(organizationId, appId, query.paging());
    }

    /** See {@link WhatsAppOperatorActions#request} for the errors. */
    @POST
    @Path("/conversations/{conversationId}/messages/{wamid}/retry")
    @Operation(summary = "Retry a parked or failed customer message: the worker sends the recorded reply's parts WhatsApp has"
            + " not accepted, or answers anew when no reply was recorded")
    @APIResponse(responseCode = "202", description = "accepted; the conversation shows the result")
    public Uni<Response> retry(@PathParam("organizationId") UUID organizationId, @PathParam("appId") UUID appId,
            @PathParam("conversationId") UUID conversationId, @PathParam("wamid") String wamid) {
        return act(organizationId, appId, conversationId, wamid, Action.RETRY);
    }

    /** See {@link WhatsAppOperatorActions#request} for the errors. */
    @POST
    @Path("/conversations/{conversationId}/messages/{wamid}/mark-failed")
    @Operation(summary = "Mark a parked or failed customer message failed for good (reason: marked failed by an operator)")
    @APIResponse(responseCode = "202", description = "accepted; the conversation shows the result")
    public Uni<Response> markFailed(@PathParam("organizationId") UUID organizationId, @PathParam("appId") UUID appId,
            @PathParam("conversationId") UUID conversationId, @PathParam("wamid") String wamid) {
        return act(organizationId, appId, conversationId, wamid, Action.MARK_FAILED);
    }

    private Uni<Response> act(UUID organizationId, UUID appId, UUID conversationId, String wamid, Action action) {
        return actions.request(organizationId, appId, conversationId, wamid, action, access.subject())
                .map(accepted -> Response.accepted(accepted).build());
    }
}
