package ai.crafted.mcp.oauth;

/**
 * Connecting to an OAuth-protected MCP server failed, with a sentence an admin can act on
 * (metadata missing or inconsistent, no way to register a client, a refused token request).
 * Never carries a token, code or client secret.
 */
public class McpAuthorizationException extends RuntimeException {

    private final String oauthError;

    public McpAuthorizationException(String message) {
        super(message);
        this.oauthError = null;
    }

    /**
     * An error response of the authorization server.
     *
     * @param oauthError its {@code error} code (RFC 6749 §5.2), e.g. {@code invalid_grant}
     */
    public McpAuthorizationException(String message, String oauthError) {
        super(message);
        this.oauthError = oauthError;
    }

    /**
     * The authorization server's {@code error} code when it answered with an error response (the
     * grant or client is refused: retrying will not help), null for failures to reach or read it.
     */
    public String oauthError() {
        return oauthError;
    }

    /**
     * Whether the authorization server refused the grant or the client for good
     * ({@code invalid_grant}, {@code invalid_client}, {@code unauthorized_client}, RFC 6749 §5.2):
     * only a new authorization helps. Other error responses, and failures to reach the server,
     * may pass.
     */
    public boolean grantRefused() {
        return "invalid_grant".equals(oauthError) || "invalid_client".equals(oauthError) || "unauthorized_client".equals(oauthError);
    }

    public McpAuthorizationException(String message, Throwable cause) {
        super(message, cause);
        this.oauthError = null;
    }
}
