package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.seeOther;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.governance.AcceptToolVersionRequest;
import ai.crafted.integrations.governance.ApprovalOverride;
import ai.crafted.integrations.governance.NewTools;
import ai.crafted.integrations.governance.ToolPolicyPatch;
import ai.crafted.integrations.governance.ToolPolicyService;
import ai.crafted.integrations.governance.ToolSettingsRequest;
import ai.crafted.integrations.integration.IntegrationService;

/**
 * The tool policy forms of the plugin page, the "Review change" page of a held tool, the catalog
 * versions page; the work is done by {@link ToolPolicyService}.
 */
@Path("/ui/orgs/{org}/plugins/{id}/tools")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiToolPolicyResource {

    private final UiPages pages;
    private final ToolPolicyService policies;
    private final IntegrationService integrations;
    private final OrganizationAccess access;
    private final ObjectMapper json;

    public UiToolPolicyResource(UiPages pages, ToolPolicyService policies, IntegrationService integrations,
            OrganizationAccess access, ObjectMapper json) {
        this.pages = pages;
        this.policies = policies;
        this.integrations = integrations;
        this.access = access;
        this.json = json;
    }

    @GET
    @Path("/{tool}/review")
    public Uni<TemplateInstance> review(@RestPath UUID org, @RestPath UUID id, @RestPath String tool) {
        return reviewPage(org, id, tool, null);
    }

    /** Accepts the version the page showed ({@code hash}); a tool that changed again meanwhile shows its newer version. */
    @POST
    @Path("/{tool}/accept")
    public Uni<Object> accept(@RestPath UUID org, @RestPath UUID id, @RestPath String tool, @RestForm String hash) {
        UiPage page = pages.page(org, "plugins");
        return policies.accept(org, id, tool, new AcceptToolVersionRequest(hash), access.subject())
                .<Object>map(view -> seeOther(page.base() + "/plugins/" + id + "?notice=tool-accepted#tool-policy"))
                .onFailure(e -> e instanceof ApiException api && ErrorCodes.TOOL_VERSION_CONFLICT.equals(api.code()))
                .recoverWithUni(e -> reviewPage(org, id, tool, e.getMessage()).map(t -> (Object) Response.status(409)
                        .entity(t).build()));
    }

    /** The Enabled switch and the Approval choice of one tool's row. */
    @POST
    @Path("/{tool}/policy")
    public Uni<Response> policy(@RestPath UUID org, @RestPath UUID id, @RestPath String tool, @RestForm String enabled,
            @RestForm String approval) {
        UiPage page = pages.page(org, "plugins");
        Boolean on = enabled == null || enabled.isBlank() ? null : Boolean.valueOf("true".equals(enabled));
        boolean setApproval = approval != null && !approval.isBlank();
        ApprovalOverride override;
        try {
            override = !setApproval || "annotation".equals(approval) ? null : ApprovalOverride.fromWire(approval);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, e.getMessage(), "approval");
        }
        return policies.update(org, id, tool, ToolPolicyPatch.of(on, override, setApproval), access.subject())
                .map(view -> seeOther(page.base() + "/plugins/" + id + "?notice=tool-policy-saved#tool-policy"));
    }

    @POST
    @Path("/settings")
    public Uni<Response> settings(@RestPath UUID org, @RestPath UUID id, @RestForm String newTools) {
        UiPage page = pages.page(org, "plugins");
        NewTools value;
        try {
            value = NewTools.fromWire(newTools);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, e.getMessage(), "newTools");
        }
        return policies.setNewTools(org, id, new ToolSettingsRequest(value), access.subject())
                .map(view -> seeOther(page.base() + "/plugins/" + id + "?notice=tool-policy-saved#tool-policy"));
    }

    @GET
    @Path("/versions")
    public Uni<TemplateInstance> versions(@RestPath UUID org, @RestPath UUID id) {
        UiPage page = pages.page(org, "plugins");
        return integrations.get(org, id).chain(plugin -> policies.versions(org, id, Paging.FIRST_MAX)
                .map(versions -> UiTemplates.catalogVersions(page, plugin, versions)));
    }

    private Uni<TemplateInstance> reviewPage(UUID org, UUID id, String tool, String conflict) {
        UiPage page = pages.page(org, "plugins");
        return integrations.get(org, id).chain(plugin -> policies.tool(org, id, tool)
                .map(view -> UiTemplates.toolReview(page, ToolReviewPage.of(plugin.id(), plugin.displayName(), plugin.slug(),
                        view, json, conflict))));
    }
}
