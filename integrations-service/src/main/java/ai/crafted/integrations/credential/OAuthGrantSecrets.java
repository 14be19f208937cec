package ai.crafted.integrations.credential;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;

import ai.crafted.mcp.oauth.McpAuthorization;
import ai.crafted.mcp.oauth.McpAuthorization.ClientIdentity;

/**
 * The secret parts of an OAuth grant besides the access token, stored sealed together as JSON.
 *
 * @param refreshToken     null until connected, or when the authorization server issued none
 * @param clientSecret     the client's secret (pre-registered or from dynamic registration); null for a public client
 * @param tokenEndpointAuthMethod the token endpoint authentication method (RFC 8414 names, e.g. {@code client_secret_basic});
 *                         null until the first connect chose one
 */
public record OAuthGrantSecrets(String refreshToken, String clientSecret, String tokenEndpointAuthMethod) {

    /** The secrets of a grant of {@code client} (its secret and authentication method) with this refresh token. */
    public static OAuthGrantSecrets of(String refreshToken, ClientIdentity client) {
        return new OAuthGrantSecrets(refreshToken, client.secret(), client.method() == null ? null : client.method().getValue());
    }

    /** The client as {@link McpAuthorization} takes it: this id with the stored secret and method. */
    public ClientIdentity client(String clientId) {
        return new ClientIdentity(clientId, clientSecret,
                tokenEndpointAuthMethod == null ? null : ClientAuthenticationMethod.parse(tokenEndpointAuthMethod));
    }

    @Override
    public String toString() {
        return "OAuthGrantSecrets[refreshable=" + (refreshToken != null) + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + "]";
    }
}
