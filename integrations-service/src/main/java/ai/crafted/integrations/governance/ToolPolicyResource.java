package ai.crafted.integrations.governance;

import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.PageQuery;

/**
 * Tool governance of one plugin: its catalog versions, its tools' states and the admins'
 * decisions. Members read; admins change (enforced by {@code TenancyFilter}). Each change is
 * audited and published on {@code tool-policy-updated}.
 */
@Path("/organizations/{organizationId}/integrations/{integrationId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tool governance", description = "Catalog versions, per-tool policy and acceptance of changed tools")
@SecurityRequirement(name = "bearer")
public class ToolPolicyResource {

    private final ToolPolicyService policies;
    private final OrganizationAccess access;

    public ToolPolicyResource(ToolPolicyService policies, OrganizationAccess access) {
        this.policies = policies;
        this.access = access;
    }

    @GET
    @Path("/catalog-versions")
    @Operation(summary = "The plugin's catalog versions, newest first, each with what it added, removed and changed")
    public Uni<CatalogVersionView.Page> versions(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, @BeanParam PageQuery query) {
        return policies.versions(organizationId, integrationId, query.paging());
    }

    @GET
    @Path("/tools")
    @Operation(summary = "The plugin's tools with their state (enabled, disabled, held, held-new), hashes and approval")
    public Uni<PluginToolsView> tools(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId) {
        return policies.tools(organizationId, integrationId);
    }

    @GET
    @Path("/tools/{toolName}")
    @Operation(summary = "One tool with its state and, when held, the change waiting for acceptance (field by field)")
    public Uni<ToolStateView> tool(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, @PathParam("toolName") String toolName) {
        return policies.tool(organizationId, integrationId, toolName);
    }

    @PATCH
    @Path("/tools/{toolName}")
    @Operation(summary = "Enable or disable a tool, or override whether its calls need a human's approval (admins)")
    public Uni<ToolStateView> update(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, @PathParam("toolName") String toolName, ToolPolicyPatch body) {
        return policies.update(organizationId, integrationId, toolName, body, access.subject());
    }

    @POST
    @Path("/tools/{toolName}/accept")
    @Operation(summary = "Accept the tool's current version, named by the hash the admin reviewed (admins)")
    @APIResponse(responseCode = "200", description = "accepted (or accepted already): the tool's state")
    @APIResponse(responseCode = "409", description = "tool_version_conflict: the hash is not the tool's current version")
    public Uni<ToolStateView> accept(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, @PathParam("toolName") String toolName,
            AcceptToolVersionRequest body) {
        return policies.accept(organizationId, integrationId, toolName, body, access.subject());
    }

    @PUT
    @Path("/tool-settings")
    @Operation(summary = "Whether tools the plugin lists for the first time are offered at once or held (admins)")
    public Uni<PluginToolsView> settings(@PathParam("organizationId") UUID organizationId,
            @PathParam("integrationId") UUID integrationId, ToolSettingsRequest body) {
        return policies.setNewTools(organizationId, integrationId, body, access.subject());
    }
}
