package ai.crafted.integrations.credential;

/** How a credential's secret is sent to the MCP server. */
public final class CredentialType {

    /** {@code Authorization: Bearer <secret>}. */
    public static final String BEARER = "bearer";
    /** {@code <headerName>: <secret>}, e.g. {@code X-Api-Key}. */
    public static final String HEADER = "header";
    /**
     * {@code Authorization: Bearer <access token>}, the token obtained and refreshed through the MCP
     * authorization flow (OAuth 2.1) rather than entered.
     */
    public static final String OAUTH = "oauth";

    public static final String AUTHORIZATION = "Authorization";

    private CredentialType() {
    }
}
