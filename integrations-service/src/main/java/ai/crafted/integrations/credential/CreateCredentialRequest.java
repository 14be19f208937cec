package ai.crafted.integrations.credential;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.mcp.oauth.ScopeSyntax;

@Schema(description = "A secret for calling MCP servers: a token or header value entered here (bearer, header), or an OAuth"
        + " grant obtained through connect (oauth). Secrets are write-only: no response ever contains them.")
@ErrorCode(ErrorCodes.INVALID_CREDENTIAL)
public record CreateCredentialRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Schema(examples = "support-crm-token") String name,

        @NotNull(message = "is required")
        @Pattern(regexp = "bearer|header|oauth", message = "must be \"bearer\", \"header\" or \"oauth\"")
        @Schema(examples = "bearer", enumeration = { "bearer", "header", "oauth" }) String type,

        @Pattern(regexp = "^[A-Za-z0-9-]{1,64}$", message = "must be an HTTP header name such as X-Api-Key")
        @Schema(description = "Required for type header; not allowed for bearer and oauth", examples = "X-Api-Key") String headerName,

        @Size(min = 1, max = 8192, message = "must be 1 to 8192 characters")
        @Pattern(regexp = "^[^\\r\\n\\x00]*$", message = "must not contain line breaks or NUL characters")
        @Schema(writeOnly = true, description = "Required for bearer and header; not allowed for oauth (the token comes from connect)",
                examples = "sk_live_...") String secret,

        @Size(max = 2048, message = "must be at most 2048 characters")
        @Schema(description = "oauth only, required: the MCP server's URL, which the grant is bound to (RFC 8707 resource)",
                examples = "https://mcp.example.com/mcp") String resource,

        @Size(min = 1, max = 512, message = "must be 1 to 512 characters")
        @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be printable ASCII without spaces")
        @Schema(description = "oauth only: a client id registered with the authorization server; without one the client"
                + " registers itself (Client ID Metadata Document or dynamic registration)") String clientId,

        @Size(min = 1, max = 1024, message = "must be 1 to 1024 characters")
        @Pattern(regexp = "^[\\x21-\\x7E]+$", message = "must be printable ASCII without spaces")
        @Schema(writeOnly = true, description = "oauth only: the registered client's secret, if it has one") String clientSecret,

        @Size(min = 1, max = 1024, message = "must be 1 to 1024 characters")
        @Pattern(regexp = ScopeSyntax.REGEX, message = "must be space-separated scope tokens (RFC 6749 section 3.3)")
        @Schema(description = "oauth only: the scope to ask for; by default the server's own choice (its challenge or resource"
                + " metadata)", examples = "issues:read issues:write") String scope) {

    /** A bearer or header credential with its entered secret (the web UI's forms). */
    public static CreateCredentialRequest entered(String name, String type, String headerName, String secret) {
        return new CreateCredentialRequest(name, type, headerName, secret, null, null, null, null);
    }

    @Override
    public String toString() {
        // Records print every component by default: keep the secrets out of logs and messages.
        return "CreateCredentialRequest[name=" + name + ", type=" + type + ", headerName=" + headerName + ", resource=" + resource
                + "]";
    }
}
