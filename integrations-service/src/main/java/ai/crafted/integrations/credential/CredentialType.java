package ai.crafted.integrations.credential;

/** How a credential's secret is sent to the MCP server. */
public final class CredentialType {

    /** {@code Authorization: Bearer <secret>}. */
    public static final String BEARER = "bearer";
    /** {@code <headerName>: <secret>}, e.g. {@code X-Api-Key}. */
    public static final String HEADER = "header";

    public static final String AUTHORIZATION = "Authorization";

    private CredentialType() {
    }
}
