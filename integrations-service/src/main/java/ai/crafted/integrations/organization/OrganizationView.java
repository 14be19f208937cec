package ai.crafted.integrations.organization;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.auth.OrganizationRole;

/**
 * An organisation as its members see it: its id, its name (null until an admin sets one) and the
 * caller's role there ({@code admin} or {@code viewer}, from the token).
 */
public record OrganizationView(
        UUID id,
        @Schema(nullable = true, examples = "Acme Support") String name,
        @Schema(enumeration = { "admin", "viewer" }) String role) {

    static OrganizationView of(OrganizationName organization, OrganizationRole role) {
        return new OrganizationView(organization.id(), organization.name(), role.label());
    }
}
