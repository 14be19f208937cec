package ai.crafted.integrations.ui;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.auth.OrganizationRole;

/**
 * Builds the page frame: the organisation switcher (with the names {@link UiOrganizationNamesFilter}
 * read before the resource ran), the user's role and the CSRF token.
 */
@RequestScoped
public class UiPages {

    private final OrganizationAccess access;
    private final CsrfTokens csrf;
    private final UiOrganizationNames names;
    private final UiPendingApprovals pending;

    public UiPages(OrganizationAccess access, CsrfTokens csrf, UiOrganizationNames names, UiPendingApprovals pending) {
        this.access = access;
        this.csrf = csrf;
        this.names = names;
        this.pending = pending;
    }

    /**
     * The frame of a page of an organisation the user belongs to (the {@code TenancyFilter} has
     * already checked the membership, and the admin role for changes).
     */
    public UiPage page(UUID org, String section) {
        OrganizationRole role = access.roleIn(org);
        if (role == null) {
            throw new IllegalStateException("a UI page of organisation " + org + " was reached without membership");
        }
        return frame(org, role, section);
    }

    /**
     * The frame for an error page: the organisation in the path when the user belongs to it, else
     * the first one they belong to, so the page keeps its navigation; null when signed out or
     * without any organisation.
     */
    public UiPage errorFrame(UUID org) {
        OrganizationRole role = org == null ? null : access.roleIn(org);
        if (role != null) {
            return frame(org, role, "");
        }
        UUID first = firstOrganization();
        return first == null ? null : frame(first, access.roleIn(first), "");
    }

    /** The organisation to open first, or null when the token grants none. */
    public UUID firstOrganization() {
        var memberships = access.memberships();
        return memberships.isEmpty() ? null : memberships.firstKey();
    }

    public String user() {
        return access.subject();
    }

    /** The CSRF token of this session, for forms outside an organisation's pages (sign out). */
    public String csrf() {
        return csrf.tokenFor(access.sessionMarker());
    }

    private UiPage frame(UUID org, OrganizationRole role, String section) {
        List<UiPage.OrgChoice> orgs = access.memberships().entrySet().stream()
                .map(e -> new UiPage.OrgChoice(e.getKey(), names.of(e.getKey()), e.getValue().label(), e.getKey().equals(org)))
                .toList();
        return new UiPage(org, names.of(org), role.label(), role == OrganizationRole.ADMIN, access.subject(),
                csrf.tokenFor(access.sessionMarker()), section, orgs, pending.of(org));
    }
}
