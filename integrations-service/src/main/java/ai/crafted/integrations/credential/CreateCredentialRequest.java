package ai.crafted.integrations.credential;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;

@Schema(description = "A secret for calling MCP servers. The secret is write-only: no response ever contains it.")
@ErrorCode(ErrorCodes.INVALID_CREDENTIAL)
public record CreateCredentialRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Schema(examples = "support-crm-token") String name,

        @NotNull(message = "is required")
        @Pattern(regexp = "bearer|header", message = "must be \"bearer\" or \"header\"")
        @Schema(examples = "bearer", enumeration = { "bearer", "header" }) String type,

        @Pattern(regexp = "^[A-Za-z0-9-]{1,64}$", message = "must be an HTTP header name such as X-Api-Key")
        @Schema(description = "Required for type header; not allowed for bearer", examples = "X-Api-Key") String headerName,

        @NotNull(message = "is required") @Size(min = 1, max = 8192, message = "must be 1 to 8192 characters")
        @Pattern(regexp = "^[^\\r\\n\\x00]*$", message = "must not contain line breaks or NUL characters")
        @Schema(writeOnly = true, examples = "sk_live_...") String secret) {

    @Override
    public String toString() {
        // Records print every component by default: keep the secret out of logs and messages.
        return "CreateCredentialRequest[name=" + name + ", type=" + type + ", headerName=" + headerName + "]";
    }
}
