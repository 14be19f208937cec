package ai.crafted.integrations.credential;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ValidationErrorCode;

public record RotateCredentialRequest(
        @NotNull(message = "is required") @Size(min = 1, max = 8192, message = "must be 1 to 8192 characters")
        @Pattern(regexp = "^[^\\r\\n\\x00]*$", message = "must not contain line breaks or NUL characters")
        @Schema(writeOnly = true) String secret) implements ValidationErrorCode {

    @Override
    public String validationErrorCode() {
        return ErrorCodes.INVALID_CREDENTIAL;
    }

    @Override
    public String toString() {
        return "RotateCredentialRequest[secret=***]";
    }
}
