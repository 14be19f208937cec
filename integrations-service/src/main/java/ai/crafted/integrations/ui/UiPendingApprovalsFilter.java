package ai.crafted.integrations.ui;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.approval.ApprovalService;
import ai.crafted.integrations.auth.OrganizationAccess;

/**
 * Reads how many approvals wait in each of the signed-in user's organisations (one grouped count
 * on a partial index) for every UI request, so the navigation's Approvals link can show it. A
 * failed read shows no count rather than failing the page.
 */
public class UiPendingApprovalsFilter {

    private static final Logger LOG = Logger.getLogger(UiPendingApprovalsFilter.class);

    private final ApprovalService approvals;
    private final UiPendingApprovals pending;
    private final OrganizationAccess access;
    private final SecurityIdentity identity;

    public UiPendingApprovalsFilter(ApprovalService approvals, UiPendingApprovals pending, OrganizationAccess access,
            SecurityIdentity identity) {
        this.approvals = approvals;
        this.pending = pending;
        this.access = access;
        this.identity = identity;
    }

    /** Runs with the names filter, before the tenancy, session and CSRF filters (their 403 pages keep the count). */
    @ServerRequestFilter(priority = Priorities.USER - 90)
    public Uni<Void> readPending(UriInfo uri) {
        if (!UiErrorPages.isUi(uri) || identity.isAnonymous()) {
            return Uni.createFrom().voidItem();
        }
        return approvals.pendingCounts(access.memberships().keySet()).invoke(pending::set).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("pending approvals not counted: %s", e.getMessage());
                    return null;
                });
    }
}
