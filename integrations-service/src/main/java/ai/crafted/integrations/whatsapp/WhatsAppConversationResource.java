package ai.crafted.integrations.whatsapp;

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

import ai.crafted.integrations.error.PageQuery;

/** The conversations of a WhatsApp app: what customers wrote, what was sent, and what became of each message. */
@Path("/organizations/{organizationId}/whatsapp-apps/{appId}/conversations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "WhatsApp", description = "WhatsApp numbers answered by the assistant, and the MCP plugins it may use")
@SecurityRequirement(name = "bearer")
public class WhatsAppConversationResource {

    private final WhatsAppConversations conversations;

    public WhatsAppConversationResource(WhatsAppConversations conversations) {
        this.conversations = conversations;
    }

    /** The app's conversations; 404 {@code not_found} for an app that is not the organisation's. */
    @GET
    @Operation(summary = "The app's conversations, the most recent first, a page at a time, with message and problem counts")
    public Uni<WhatsAppConversationView.Page> list(@PathParam("organizationId") UUID organizationId, @PathParam("appId") UUID appId,
            @BeanParam PageQuery query) {
        return conversations.list(organizationId, appId, query.paging());
    }

    /** One conversation's last 200 messages, oldest first; 404 {@code not_found} when it is not there. */
    @GET
    @Path("/{conversationId}")
    @Operation(summary = "One conversation: every message in and out with its status (delivered, read, failed with Meta's code, …)")
    public Uni<WhatsAppConversationView> get(@PathParam("organizationId") UUID organizationId, @PathParam("appId") UUID appId,
            @PathParam("conversationId") UUID conversationId) {
        return conversations.get(organizationId, appId, conversationId);
    }
}
