package ai.crafted.integrations.auth;

/** What a member may do in an organisation: viewers read, admins also write. */
public enum OrganizationRole {
    VIEWER, ADMIN;

    public boolean allows(OrganizationRole needed) {
        return compareTo(needed) >= 0;
    }

    static OrganizationRole fromClaim(Object value) {
        String text = value == null ? "" : value.toString().replace("\"", "");
        return switch (text) {
            case "admin" -> ADMIN;
            case "viewer" -> VIEWER;
            default -> null;
        };
    }
}
