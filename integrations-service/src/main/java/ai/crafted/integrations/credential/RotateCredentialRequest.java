package ai.crafted.integrations.credential;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;

@ErrorCode(ErrorCodes.INVALID_CREDENTIAL)
public record RotateCredentialRequest(
        @NotNull(message = "is required") @Size(min = 1, max = 8192, message = "must be 1 to 8192 characters")
        @Pattern(regexp = "^[^\\r\\n\\x00]*$", message = "must not contain line breaks or NUL characters")
        @Schema(writeOnly = true) String secret) {

    @Override
    public String toString() {
        return "RotateCredentialRequest[secret=***]";
    }
}
