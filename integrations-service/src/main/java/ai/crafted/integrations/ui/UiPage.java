package ai.crafted.integrations.ui;

import java.util.List;
import java.util.UUID;

/**
 * What every page's frame needs: the organisation shown (with its name, null until an admin sets
 * one), whether the user may change things, the CSRF token for its forms, and the organisations
 * to switch between, and how many approvals wait there (the navigation's count).
 */
public record UiPage(UUID org, String orgName, String role, boolean admin, String user, String csrf, String section,
        List<OrgChoice> orgs, long pendingApprovals) {

    /** @param name the organisation's name, or null when it has none */
    public record OrgChoice(UUID id, String name, String role, boolean current) {
    }

    /** The base path of this organisation's pages, e.g. {@code /ui/orgs/<id>}. */
    public String base() {
        return "/ui/orgs/" + org;
    }

    public boolean isSection(String name) {
        return name.equals(section);
    }
}
