package ai.crafted.mcp.oauth;

/**
 * Connecting to an OAuth-protected MCP server failed, with a sentence an admin can act on
 * (metadata missing or inconsistent, no way to register a client, a refused token request).
 * Never carries a token, code or client secret.
 */
public class McpAuthorizationException extends RuntimeException {

    public McpAuthorizationException(String message) {
        super(message);
    }

    public McpAuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
