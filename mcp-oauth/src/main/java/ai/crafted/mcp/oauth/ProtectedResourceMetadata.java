package ai.crafted.mcp.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An MCP server's OAuth 2.0 Protected Resource Metadata (RFC 9728 section 2): which resource it
 * is, which authorization servers issue tokens for it, which scopes it knows.
 *
 * @param resource             the resource identifier (an absolute URL)
 * @param authorizationServers issuer URLs, in the server's order (at least one)
 * @param scopesSupported      scopes the resource knows; empty when it lists none
 */
public record ProtectedResourceMetadata(URI resource, List<URI> authorizationServers, List<String> scopesSupported) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param body the metadata document as served
     * @throws McpAuthorizationException when it is not JSON, or {@code resource} or
     *                                   {@code authorization_servers} is missing or not absolute URLs
     */
    public static ProtectedResourceMetadata parse(String body) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (Exception e) {
            throw new McpAuthorizationException("the protected resource metadata is not JSON");
        }
        if (document == null || !document.isObject()) {
            throw new McpAuthorizationException("the protected resource metadata is not a JSON object");
        }
        URI resource = absolute(document.path("resource").asText(null), "resource");
        List<URI> servers = new ArrayList<>();
        for (JsonNode server : document.path("authorization_servers")) {
            servers.add(absolute(server.asText(null), "authorization_servers"));
        }
        if (servers.isEmpty()) {
            throw new McpAuthorizationException("the protected resource metadata names no authorization server");
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode scope : document.path("scopes_supported")) {
            if (scope.isTextual() && !scope.asText().isBlank()) {
                scopes.add(scope.asText());
            }
        }
        return new ProtectedResourceMetadata(resource, List.copyOf(servers), List.copyOf(scopes));
    }

    /**
     * Whether this metadata may speak for the MCP server at {@code endpoint}: same scheme, host and
     * port, and the endpoint's path at or below the resource's path (RFC 9728 section 3.3 asks
     * for the resource the client meant; a server's metadata naming another resource is refused).
     */
    public boolean covers(URI endpoint) {
        if (!resource.getScheme().equalsIgnoreCase(endpoint.getScheme())
                || !resource.getHost().equalsIgnoreCase(endpoint.getHost())
                || port(resource) != port(endpoint)) {
            return false;
        }
        String base = resource.getPath() == null || resource.getPath().isEmpty() ? "/" : resource.getPath();
        String path = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? "/" : endpoint.getPath();
        String prefix = base.endsWith("/") ? base : base + "/";
        return path.equals(base) || path.startsWith(prefix);
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI absolute(String text, String field) {
        try {
            URI uri = text == null ? null : URI.create(text);
            if (uri != null && uri.isAbsolute() && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new McpAuthorizationException("the protected resource metadata's " + field + " is not an absolute URL");
    }
}
