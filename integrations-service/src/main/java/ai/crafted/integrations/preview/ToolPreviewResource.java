package ai.crafted.integrations.preview;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/organizations/{organizationId}/tool-preview")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tool preview", description = "What the model sees")
@SecurityRequirement(name = "bearer")
public class ToolPreviewResource {

    private final ToolPreviewService service;

    public ToolPreviewResource(ToolPreviewService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The tools array the gateway sends for a surface (API key, WhatsApp app or plugin list) "
            + "and provider profile, with the tools it leaves out and why, its size and an estimated token count")
    public Uni<ToolPreview> preview(@PathParam("organizationId") UUID organizationId,
            @Parameter(description = "openai (default), openai-strict, anthropic or gemini") @QueryParam("profile") String profile,
            @Parameter(description = "an API key: every plugin") @QueryParam("apiKeyId") String apiKeyId,
            @Parameter(description = "a WhatsApp app: the plugins it selected") @QueryParam("whatsAppAppId") String whatsAppAppId,
            @Parameter(description = "plugins, repeatable") @QueryParam("pluginId") List<String> pluginIds) {
        return service.preview(organizationId, profile, apiKeyId, whatsAppAppId, pluginIds == null ? List.of() : pluginIds);
    }
}
