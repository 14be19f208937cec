package ai.crafted.integrations.credential;

/**
 * The secret parts of an OAuth grant besides the access token, stored sealed together as JSON.
 *
 * @param refreshToken     null until connected, or when the authorization server issued none
 * @param clientSecret     the client's secret (pre-registered or from dynamic registration); null for a public client
 * @param clientAuthMethod the token endpoint authentication method (RFC 8414 names, e.g. {@code client_secret_basic});
 *                         null until the first connect chose one
 */
public record OAuthGrantSecrets(String refreshToken, String clientSecret, String clientAuthMethod) {

    @Override
    public String toString() {
        return "OAuthGrantSecrets[refreshable=" + (refreshToken != null) + ", clientAuthMethod=" + clientAuthMethod + "]";
    }
}
