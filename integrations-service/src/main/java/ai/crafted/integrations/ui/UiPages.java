package ai.crafted.integrations.ui;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.auth.OrganizationRole;

/** Checks the signed-in user's role in the page's organisation and builds the page frame. */
@RequestScoped
public class UiPages {

    private final OrganizationAccess access;
    private final CsrfTokens csrf;

    public UiPages(OrganizationAccess access, CsrfTokens csrf) {
        this.access = access;
        this.csrf = csrf;
    }

    /** For pages anyone in the organisation may see. */
    public UiPage view(UUID org, String section) {
        return frame(org, access.requireRole(org, OrganizationRole.VIEWER), section);
    }

    /** For changes: admins only (viewers never see the forms, and posting them anyway gets 403). */
    public UiPage change(UUID org, String section) {
        return frame(org, access.requireRole(org, OrganizationRole.ADMIN), section);
    }

    /** The organisation to open first, or null when the token grants none. */
    public UUID firstOrganization() {
        var memberships = access.memberships();
        return memberships.isEmpty() ? null : memberships.firstKey();
    }

    public String user() {
        return access.subject();
    }

    private UiPage frame(UUID org, OrganizationRole role, String section) {
        List<UiPage.OrgChoice> orgs = access.memberships().entrySet().stream()
                .map(e -> new UiPage.OrgChoice(e.getKey(), label(e.getValue()), e.getKey().equals(org)))
                .toList();
        return new UiPage(org, label(role), role == OrganizationRole.ADMIN, access.subject(),
                csrf.tokenFor(access.sessionMarker()), section, orgs);
    }

    private static String label(OrganizationRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
