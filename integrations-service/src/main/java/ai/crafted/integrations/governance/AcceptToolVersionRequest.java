package ai.crafted.integrations.governance;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Accepts the version of a held tool the admin reviewed.
 *
 * @param hash the {@code currentHash} (or {@code change.toHash}) the admin saw; accepted only while
 *             it is still the tool's current hash (409 {@code tool_version_conflict} otherwise)
 */
public record AcceptToolVersionRequest(
        @NotBlank(message = "is required") @Size(max = 128, message = "must be at most 128 characters")
        @Schema(examples = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String hash) {
}
