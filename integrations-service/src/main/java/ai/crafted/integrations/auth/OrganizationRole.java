package ai.crafted.integrations.auth;

import java.util.Locale;

import jakarta.json.JsonString;

/** What a member may do in an organisation: viewers read, admins also write. */
public enum OrganizationRole {
    VIEWER, ADMIN;

    public boolean allows(OrganizationRole needed) {
        return compareTo(needed) >= 0;
    }

    /** As the claim, the API and the pages write it: {@code admin} or {@code viewer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OrganizationRole fromClaim(Object value) {
        // Claims parsed from a JWT arrive as jakarta.json values; their toString() would quote them.
        String text = value instanceof JsonString json ? json.getString() : String.valueOf(value);
        return switch (text) {
            case "admin" -> ADMIN;
            case "viewer" -> VIEWER;
            default -> null;
        };
    }
}
