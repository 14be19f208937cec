package ai.crafted.mcp.oauth;

import java.net.URI;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;

/**
 * What discovery found for one MCP server.
 *
 * @param resource         the resource indicator to send (RFC 8707): the protected resource
 *                         metadata's {@code resource}, or the endpoint for 2025-03-26 servers
 * @param resourceMetadata RFC 9728 metadata, or null for a 2025-03-26 server without it
 * @param server           the authorization server's metadata
 * @param challengedScope  the scope of the server's 401 challenge, if any
 */
public record AuthorizationTarget(URI resource, ProtectedResourceMetadata resourceMetadata, AuthorizationServerMetadata server,
        Optional<String> challengedScope) {

    /**
     * The scope to ask for, as the MCP specification's "Scope Selection Strategy" says: the
     * challenge's {@code scope}, else every scope of the resource metadata's
     * {@code scopes_supported}, else none (the parameter is omitted).
     */
    public Optional<String> scope() {
        if (challengedScope.isPresent()) {
            return challengedScope;
        }
        if (resourceMetadata != null && !resourceMetadata.scopesSupported().isEmpty()) {
            return Optional.of(String.join(" ", resourceMetadata.scopesSupported()));
        }
        return Optional.empty();
    }

    /** The scopes of {@link #scope()} with {@code more} added (a 403 {@code insufficient_scope} step-up). */
    public AuthorizationTarget withScope(String more) {
        String scopes = Scopes.union(scope().orElse(null), more);
        return new AuthorizationTarget(resource, resourceMetadata, server, Optional.of(scopes == null ? "" : scopes));
    }
}
