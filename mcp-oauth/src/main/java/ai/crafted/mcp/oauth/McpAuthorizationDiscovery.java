package ai.crafted.mcp.oauth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;

/**
 * Finds out how to get a token for an MCP server, in the order the MCP authorization
 * specification (2025-11-25, "Authorization Server Discovery") prescribes:
 * <ol>
 * <li>Protected resource metadata (RFC 9728): the {@code resource_metadata} URL of the server's
 * 401 challenge, else {@code /.well-known/oauth-protected-resource} with the endpoint's path
 * appended, else at the root. It must cover the endpoint ({@link ProtectedResourceMetadata#covers}).</li>
 * <li>Authorization server metadata of its first authorization server: for an issuer with a path,
 * RFC 8414 with the path inserted, OpenID Connect Discovery with the path inserted, then appended;
 * without a path, RFC 8414 then OpenID Connect Discovery. Its {@code issuer} must equal the issuer
 * asked for (RFC 8414 section 3.3).</li>
 * <li>Servers of the 2025-03-26 revision, without resource metadata: the endpoint's origin is the
 * authorization server; its RFC 8414 metadata, else the default endpoints {@code /authorize},
 * {@code /token} and {@code /register} there.</li>
 * </ol>
 * Blocking (java.net.http); call it off event loops. Redirects are not followed.
 */
public final class McpAuthorizationDiscovery {

    private final OAuthHttp http;
    private final Consumer<URI> fetchCheck;

    /** @param timeout per metadata request; any address may be fetched (tools and tests) */
    public McpAuthorizationDiscovery(Duration timeout) {
        this(OAuthHttp.jdk(timeout), uri -> {
        });
    }

    /**
     * @param http       the transport (its deadline bounds each request)
     * @param fetchCheck called with every URL before it is fetched; it throws to refuse one (the
     *                   metadata URLs come from the MCP server and its authorization server, so a
     *                   caller that must not reach internal addresses checks them here, and its
     *                   transport checks the addresses it connects to)
     */
    public McpAuthorizationDiscovery(OAuthHttp http, Consumer<URI> fetchCheck) {
        this.fetchCheck = fetchCheck;
        this.http = http;
    }

    /**
     * Asks the MCP server without credentials, as a client's first request would (an
     * {@code initialize} POST), for the Bearer challenge of its 401.
     *
     * @return the challenge of its 401; empty for a 401 without a Bearer challenge (2025-03-26 servers)
     * @throws McpAuthorizationException when the server cannot be reached, or answers anything but 401
     */
    public Optional<BearerChallenge> challenge(URI endpoint) {
        fetchCheck.accept(endpoint);
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"crafted-gateway\",\"version\":\"1\"}}}";
        try {
            OAuthHttp.Answer response = http.exchange("POST", endpoint, Map.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream"), initialize, false);
            if (response.status() != 401) {
                // Without a 401 the server asks for no OAuth: inventing endpoints for it would send admins nowhere.
                throw new McpAuthorizationException("the MCP server " + endpoint + " answered HTTP " + response.status()
                        + " without credentials, not 401: it does not ask for OAuth (use no credential, or a bearer or header one)");
            }
            return BearerChallenge.parse(response.header("WWW-Authenticate"));
        } catch (IOException e) {
            throw new McpAuthorizationException("could not reach the MCP server " + endpoint + ": " + McpAuthorization.reason(e), e);
        }
    }

    /**
     * @param endpoint  the MCP server's URL
     * @param challenge the Bearer challenge of its 401, if it sent one
     * @return what {@link McpAuthorization} needs
     * @throws McpAuthorizationException when no usable metadata is found, with what was tried
     */
    public AuthorizationTarget discover(URI endpoint, Optional<BearerChallenge> challenge) {
        Optional<ProtectedResourceMetadata> resourceMetadata = resourceMetadata(endpoint, challenge);
        if (resourceMetadata.isEmpty()) {
            URI origin = origin(endpoint);
            // 2025-03-26 derived the server from the endpoint, not from an issuer, so its metadata's
            // issuer is not compared (servers of that revision often name a path such as /oauth).
            AuthorizationServerMetadata metadata = fetchMetadata(List.of(origin.resolve("/.well-known/oauth-authorization-server")),
                    null).orElseGet(() -> defaultEndpoints(origin));
            return new AuthorizationTarget(canonical(endpoint), null, metadata, challenge.flatMap(BearerChallenge::scope));
        }
        ProtectedResourceMetadata prm = resourceMetadata.get();
        URI issuer = prm.authorizationServers().get(0);
        AuthorizationServerMetadata metadata = fetchMetadata(metadataUrls(issuer), new Issuer(issuer.toString()))
                .orElseThrow(() -> new McpAuthorizationException("the authorization server " + issuer + " publishes no metadata"
                        + " (RFC 8414 or OpenID Connect Discovery)"));
        return new AuthorizationTarget(prm.resource(), prm, metadata, challenge.flatMap(BearerChallenge::scope));
    }

    private Optional<ProtectedResourceMetadata> resourceMetadata(URI endpoint, Optional<BearerChallenge> challenge) {
        List<URI> candidates = new ArrayList<>();
        challenge.flatMap(BearerChallenge::resourceMetadata).ifPresent(candidates::add);
        String path = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
        URI origin = origin(endpoint);
        if (!path.isEmpty()) {
            candidates.add(origin.resolve("/.well-known/oauth-protected-resource" + path));
        }
        candidates.add(origin.resolve("/.well-known/oauth-protected-resource"));
        for (URI candidate : candidates) {
            Optional<String> body = get(candidate);
            if (body.isPresent()) {
                ProtectedResourceMetadata metadata = ProtectedResourceMetadata.parse(body.get());
                if (!metadata.covers(endpoint)) {
                    throw new McpAuthorizationException("the protected resource metadata at " + candidate + " is for "
                            + metadata.resource() + ", not for " + endpoint);
                }
                return Optional.of(metadata);
            }
        }
        return Optional.empty();
    }

    /** The metadata URLs to try for an issuer, in the MCP specification's order. */
    static List<URI> metadataUrls(URI issuer) {
        URI origin = origin(issuer);
        String path = issuer.getPath() == null ? "" : issuer.getPath().replaceAll("/+$", "");
        if (path.isEmpty()) {
            return List.of(origin.resolve("/.well-known/oauth-authorization-server"),
                    origin.resolve("/.well-known/openid-configuration"));
        }
        return List.of(origin.resolve("/.well-known/oauth-authorization-server" + path),
                origin.resolve("/.well-known/openid-configuration" + path),
                origin.resolve(path + "/.well-known/openid-configuration"));
    }

    /** The first metadata found at {@code urls}; its issuer must be {@code expected} unless that is null. */
    private Optional<AuthorizationServerMetadata> fetchMetadata(List<URI> urls, Issuer expected) {
        for (URI url : urls) {
            Optional<String> body = get(url);
            if (body.isEmpty()) {
                continue;
            }
            AuthorizationServerMetadata metadata;
            try {
                metadata = AuthorizationServerMetadata.parse(body.get());
            } catch (ParseException e) {
                throw new McpAuthorizationException("the authorization server metadata at " + url + " is invalid: " + McpAuthorization.reason(e));
            }
            if (expected != null && !sameIssuer(metadata.getIssuer(), expected)) {
                throw new McpAuthorizationException("the authorization server metadata at " + url + " names the issuer "
                        + metadata.getIssuer() + ", not " + expected + " (RFC 8414 section 3.3)");
            }
            return Optional.of(metadata);
        }
        return Optional.empty();
    }

    private static boolean sameIssuer(Issuer found, Issuer expected) {
        return found != null && found.getValue().replaceAll("/+$", "").equals(expected.getValue().replaceAll("/+$", ""));
    }

    /** The 2025-03-26 fallback: the default endpoints at the MCP server's origin. */
    private static AuthorizationServerMetadata defaultEndpoints(URI origin) {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(origin.toString()));
        metadata.setAuthorizationEndpointURI(origin.resolve("/authorize"));
        metadata.setTokenEndpointURI(origin.resolve("/token"));
        metadata.setRegistrationEndpointURI(origin.resolve("/register"));
        return metadata;
    }

    /** The body of a 200 answer, empty for any other status (404 is the usual "not here"). */
    private Optional<String> get(URI url) {
        fetchCheck.accept(url);
        try {
            OAuthHttp.Answer response = http.exchange("GET", url, Map.of("Accept", "application/json",
                    "MCP-Protocol-Version", "2025-11-25"), null, true);
            return response.status() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            throw new McpAuthorizationException("could not fetch " + url + ": " + McpAuthorization.reason(e), e);
        }
    }

    static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
    }

    /** The endpoint as a resource indicator (RFC 8707 section 2): no fragment, no query. */
    static URI canonical(URI endpoint) {
        return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()));
    }
}
