package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.seeOther;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.approval.ApprovalDecisionRequest;
import ai.crafted.integrations.approval.ApprovalFilter;
import ai.crafted.integrations.approval.ApprovalService;
import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;

/**
 * The Approvals page: tool calls waiting for a human (the tool, its arguments, who asked, when,
 * how long they still wait), Approve and Deny for admins, then the recently settled ones.
 */
@Path("/ui/orgs/{org}/approvals")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiApprovalsResource {

    /** Settled approvals listed under the pending ones. */
    static final int RECENT = 50;

    private final UiPages pages;
    private final ApprovalService approvals;
    private final OrganizationAccess access;
    private final RequestChecks checks;

    public UiApprovalsResource(UiPages pages, ApprovalService approvals, OrganizationAccess access, RequestChecks checks) {
        this.pages = pages;
        this.approvals = approvals;
        this.access = access;
        this.checks = checks;
    }

    /** The page: every pending approval (up to 200), then the {@value #RECENT} latest settled ones. */
    @GET
    public Uni<TemplateInstance> list(@RestPath UUID org, @RestQuery String notice) {
        UiPage page = pages.page(org, "approvals");
        return approvals.list(org, ApprovalFilter.PENDING, Paging.FIRST_MAX)
                .chain(pending -> approvals.list(org, ApprovalFilter.SETTLED, new Paging(0, RECENT)).map(settled -> {
                    Instant now = Instant.now();
                    return UiTemplates.approvals(page, pending.items().stream().map(a -> ApprovalCard.of(a, now)).toList(),
                            pending.total(), settled.items().stream().map(a -> ApprovalCard.of(a, now)).toList(), notice);
                }));
    }

    /** Approves (admins; the TenancyFilter checks the role, the CsrfFilter the form); errors as the API's. */
    @POST
    @Path("/{id}/approve")
    public Uni<Response> approve(@RestPath UUID org, @RestPath UUID id, @RestForm String reason) {
        return decide(org, id, true, reason);
    }

    /** Denies (admins); errors as the API's. */
    @POST
    @Path("/{id}/deny")
    public Uni<Response> deny(@RestPath UUID org, @RestPath UUID id, @RestForm String reason) {
        return decide(org, id, false, reason);
    }

    private Uni<Response> decide(UUID org, UUID id, boolean approve, String reason) {
        UiPage page = pages.page(org, "approvals");
        String note = reason == null || reason.isBlank() ? null : checks.validated(new ApprovalDecisionRequest(reason.strip())).reason();
        return approvals.decide(org, id, approve, note, access.subject()).map(view -> seeOther(page.base() + "/approvals?notice="
                + ("pending".equals(view.status()) ? "approval-sent" : "approval-" + view.status())));
    }
}
