package ai.crafted.integrations.ui;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.organization.OrganizationService;

/**
 * Reads the names of the signed-in user's organisations (one query) for every UI request, into
 * {@link UiOrganizationNames}, so the page frame can show names without each resource waiting
 * for them itself.
 */
public class UiOrganizationNamesFilter {

    private final OrganizationService organizations;
    private final UiOrganizationNames names;
    private final OrganizationAccess access;
    private final SecurityIdentity identity;

    public UiOrganizationNamesFilter(OrganizationService organizations, UiOrganizationNames names, OrganizationAccess access,
            SecurityIdentity identity) {
        this.organizations = organizations;
        this.names = names;
        this.access = access;
        this.identity = identity;
    }

    /**
     * Before the tenancy, session and CSRF filters, so the pages of their refusals (403) show the
     * names too; it reads only the names of the user's own organisations (the token's), one query.
     */
    @ServerRequestFilter(priority = Priorities.USER - 100)
    public Uni<Void> readNames(UriInfo uri) {
        if (!UiErrorPages.isUi(uri) || identity.isAnonymous()) {
            return Uni.createFrom().voidItem();
        }
        return organizations.namesOf(access.memberships().keySet()).invoke(names::set).replaceWithVoid();
    }
}
