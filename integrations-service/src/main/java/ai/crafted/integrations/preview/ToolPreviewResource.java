package ai.crafted.integrations.preview;

import java.util.List;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.crafted.integrations.error.QueryParameters;

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
            + "and provider profile, with the tools it leaves out and why (a surface's tool allowlist included), the"
            + " allowlist entries no catalog lists yet, its size and an estimated token count")
    public Uni<ToolPreview> preview(@PathParam("organizationId") UUID organizationId,
            @Parameter(description = "openai (default), openai-strict, anthropic or gemini") @QueryParam("profile") String profile,
            @Parameter(description = "an API key: the plugins of its scope (every plugin when it has none)"
                    + " and its tool allowlist") @QueryParam("apiKeyId") String apiKeyId,
            @Parameter(description = "a WhatsApp app: the plugins it selected and its tool allowlist") @QueryParam("whatsAppAppId") String whatsAppAppId,
            @Parameter(description = "plugins, repeatable") @QueryParam("pluginId") List<String> pluginIds,
            @Context HttpServerRequest request) {
        // The annotated parameters document the query; the values are read as sent (QueryParameters):
        // each of the first three at most once, and an empty one is refused like a malformed one.
        return service.preview(organizationId, QueryParameters.single(request, "profile"),
                QueryParameters.single(request, "apiKeyId"), QueryParameters.single(request, "whatsAppAppId"),
                request.params().getAll("pluginId"));
    }
}
