package ai.crafted.integrations.organization;

import jakarta.validation.constraints.NotBlank;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The organisation's settings a PUT replaces: {@code name}, trimmed, 1 to
 * {@value OrganizationService#NAME_MAX} characters, one line without control characters (the
 * service checks the length after trimming; the text rules apply as to every request).
 */
public record OrganizationRequest(
        @NotBlank(message = "is required")
        @Schema(examples = "Acme Support", maxLength = OrganizationService.NAME_MAX) String name) {
}
