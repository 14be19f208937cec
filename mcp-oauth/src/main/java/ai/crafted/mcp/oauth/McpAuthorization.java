package ai.crafted.mcp.oauth;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;

/**
 * The OAuth 2.1 authorization code flow an MCP client runs against a server's authorization
 * server (MCP authorization specification 2025-11-25): the client's identity (pre-registered,
 * a Client ID Metadata Document, or dynamic client registration, RFC 7591, in that order),
 * PKCE with S256 (RFC 7636), {@code state}, the resource indicator (RFC 8707) on the
 * authorization and token requests, the {@code iss} of the response checked (RFC 9207), and
 * refresh. Requests and responses are the Nimbus OAuth SDK's. Blocking; call it off event loops.
 */
public final class McpAuthorization {

    /** The client as the authorization server knows it; {@code secret} is null for a public client. */
    public record ClientIdentity(String clientId, String secret, ClientAuthenticationMethod method) {

        @Override
        public String toString() {
            return "ClientIdentity[clientId=" + clientId + ", method=" + method + "]";
        }
    }

    /**
     * A started authorization: send the user to {@code authorizationUri}; keep the rest (secret:
     * the verifier) until the callback.
     */
    public record Pending(URI authorizationUri, String state, String codeVerifier, URI redirectUri, AuthorizationTarget target,
            ClientIdentity client) {

        @Override
        public String toString() {
            return "Pending[authorizationUri=" + authorizationUri + "]";
        }
    }

    /**
     * Tokens from the token endpoint. {@code expiresAt} is null when the server gave no lifetime;
     * {@code refreshToken} is null when it issued none. {@code refreshTokenExpiresAt} comes from the
     * {@code refresh_token_expires_in} seconds some servers add to the token response (GitHub's and
     * Microsoft's identity platforms; RFC 6749 has no such field), null when not given.
     */
    public record Grant(String accessToken, String refreshToken, Instant expiresAt, String scope, Instant refreshTokenExpiresAt) {

        @Override
        public String toString() {
            return "Grant[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshable=" + (refreshToken != null)
                    + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
        }
    }

    /** Custom AS metadata field of the Client ID Metadata Document draft (draft-ietf-oauth-client-id-metadata-document). */
    static final String CIMD_SUPPORTED = "client_id_metadata_document_supported";

    private McpAuthorization() {
    }

    /**
     * Chooses the client identity, registering one when needed.
     *
     * @param preRegistered       a client id (and secret) the admin registered with the authorization server, if any
     * @param metadataDocumentUrl the https URL of our Client ID Metadata Document, when one is served
     * @param redirectUri         the callback the authorization server redirects to
     * @param clientName          shown to the user by the authorization server (DCR)
     */
    public static ClientIdentity identity(OAuthHttp http, AuthorizationTarget target, Optional<ClientIdentity> preRegistered,
            Optional<URI> metadataDocumentUrl, URI redirectUri, String clientName) {
        if (preRegistered.isPresent()) {
            ClientIdentity given = preRegistered.get();
            return given.method() != null ? given : new ClientIdentity(given.clientId(), given.secret(), methodFor(target, given.secret()));
        }
        Object cimd = target.server().getCustomParameter(CIMD_SUPPORTED);
        if (metadataDocumentUrl.isPresent() && Boolean.TRUE.equals(cimd)) {
            return new ClientIdentity(metadataDocumentUrl.get().toString(), null, ClientAuthenticationMethod.NONE);
        }
        URI registration = target.server().getRegistrationEndpointURI();
        if (registration == null) {
            throw new McpAuthorizationException("the authorization server " + target.server().getIssuer()
                    + " offers no dynamic client registration: register a client there and enter its client id");
        }
        return register(http, target, registration, redirectUri, clientName);
    }

    /**
     * The {@code application_type} a client with this redirect URI registers as (OpenID Connect
     * Dynamic Client Registration 1.0 section 2; the MCP authorization specification requires it
     * since SEP-837): {@code native} for a loopback http redirect (a local installation), which a
     * {@code web} client may not register, else {@code web}.
     */
    public static String applicationType(URI redirectUri) {
        String host = redirectUri.getHost() == null ? "" : redirectUri.getHost().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
        return "http".equalsIgnoreCase(redirectUri.getScheme()) && loopback ? "native" : "web";
    }

    private static ClientIdentity register(OAuthHttp http, AuthorizationTarget target, URI registration, URI redirectUri,
            String clientName) {
        ClientMetadata metadata = new ClientMetadata();
        metadata.setRedirectionURI(redirectUri);
        metadata.setName(clientName);
        metadata.setGrantTypes(java.util.Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(java.util.Set.of(new ResponseType(ResponseType.Value.CODE)));
        metadata.setTokenEndpointAuthMethod(methodFor(target, "secret-if-issued"));
        metadata.setCustomField("application_type", applicationType(redirectUri));
        target.scope().map(Scope::parse).ifPresent(metadata::setScope);
        try {
            ClientRegistrationResponse response = ClientRegistrationResponse.parse(
                    http.send(new ClientRegistrationRequest(registration, metadata, null).toHTTPRequest()));
            if (response instanceof ClientRegistrationErrorResponse error) {
                throw new McpAuthorizationException("dynamic client registration was refused: " + describe(error.getErrorObject()));
            }
            ClientInformation client = ((ClientInformationResponse) response).getClientInformation();
            String secret = client.getSecret() == null ? null : client.getSecret().getValue();
            ClientAuthenticationMethod method = client.getMetadata().getTokenEndpointAuthMethod();
            if (method == null) {
                method = secret == null ? ClientAuthenticationMethod.NONE : ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
            }
            return new ClientIdentity(client.getID().getValue(), secret, method);
        } catch (IOException | ParseException e) {
            throw new McpAuthorizationException("dynamic client registration at " + registration + " failed: " + reason(e), e);
        }
    }

    /**
     * The token endpoint authentication to use: none for a public client when the server allows it,
     * else client_secret_basic, else client_secret_post, as the server's metadata lists them
     * (RFC 8414 default when it lists none: client_secret_basic).
     */
    static ClientAuthenticationMethod methodFor(AuthorizationTarget target, String secret) {
        List<ClientAuthenticationMethod> supported = target.server().getTokenEndpointAuthMethods();
        if (supported == null || supported.isEmpty()) {
            return secret == null ? ClientAuthenticationMethod.NONE : ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (secret == null || supported.contains(ClientAuthenticationMethod.NONE) && supported.size() == 1) {
            return supported.contains(ClientAuthenticationMethod.NONE) ? ClientAuthenticationMethod.NONE : supported.get(0);
        }
        if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return supported.get(0);
    }

    /** Builds the authorization request (PKCE S256, state, resource, scope by the selection strategy). */
    public static Pending start(AuthorizationTarget target, ClientIdentity client, URI redirectUri) {
        if (target.server().getAuthorizationEndpointURI() == null) {
            throw new McpAuthorizationException("the authorization server " + target.server().getIssuer()
                    + " has no authorization endpoint");
        }
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
                new ClientID(client.clientId()))
                .endpointURI(target.server().getAuthorizationEndpointURI())
                .redirectionURI(redirectUri)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resources(target.resource());
        withOfflineAccess(target).map(Scope::parse).ifPresent(request::scope);
        return new Pending(request.build().toURI(), state.getValue(), verifier.getValue(), redirectUri, target, client);
    }

    /**
     * The scope to request: {@link AuthorizationTarget#scope()}, plus {@code offline_access} when
     * the authorization server lists it in {@code scopes_supported} (SEP-2207: a client that
     * keeps a server's tools working needs a refresh token, and some servers issue one only for
     * that scope), never when it does not list it.
     */
    static Optional<String> withOfflineAccess(AuthorizationTarget target) {
        Scope supported = target.server().getScopes();
        if (supported == null || !supported.contains("offline_access")) {
            return target.scope();
        }
        String scope = target.scope().orElse("");
        return Optional.of(java.util.Arrays.asList(scope.split(" ")).contains("offline_access") ? scope
                : (scope.isBlank() ? "offline_access" : scope + " offline_access"));
    }

    /**
     * Handles the redirect back: checks {@code state} and {@code iss}, then exchanges the code.
     *
     * @param callback the full callback URL the browser arrived with
     * @throws McpAuthorizationException on an error response, a wrong state or issuer, or a refused token request
     */
    public static Grant finish(OAuthHttp http, Pending pending, URI callback) {
        String repeated = repeatedParameter(callback.getRawQuery());
        if (repeated != null) {
            // Which of two values counts is up to each parser: an answer that gives one twice is refused.
            throw new McpAuthorizationException("the authorization server's answer gives " + repeated + " more than once");
        }
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(callback);
        } catch (ParseException | RuntimeException e) {
            // Nimbus throws unchecked exceptions for some malformed answers (an empty code or error, say).
            throw new McpAuthorizationException("the authorization server's answer could not be read: " + reason(e));
        }
        if (!response.indicatesSuccess()) {
            throw new McpAuthorizationException("the authorization was refused: "
                    + describe(response.toErrorResponse().getErrorObject()));
        }
        if (response.getState() == null || !pending.state().equals(response.getState().getValue())) {
            throw new McpAuthorizationException("the answer's state does not match this authorization (start again)");
        }
        checkIssuer(pending.target(), response);
        AuthorizationCode code = ((AuthorizationSuccessResponse) response).getAuthorizationCode();
        if (code == null || code.getValue().isBlank()) {
            throw new McpAuthorizationException("the authorization server's answer carries no authorization code");
        }
        return token(http, pending.target(), pending.client(),
                new AuthorizationCodeGrant(code, pending.redirectUri(), new CodeVerifier(pending.codeVerifier())), null);
    }

    /** The first of the answer's parameters that decide its outcome given more than once, or null. */
    static String repeatedParameter(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String pair : rawQuery.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (List.of("code", "state", "iss", "error", "response").contains(name) && !seen.add(name)) {
                return name;
            }
        }
        return null;
    }

    /** RFC 9207: an {@code iss} given must be the server's; one the server promises must be given. */
    private static void checkIssuer(AuthorizationTarget target, AuthorizationResponse response) {
        var issuer = response.getIssuer();
        if (issuer == null) {
            if (target.server().supportsAuthorizationResponseIssuerParam()) {
                throw new McpAuthorizationException("the answer has no iss although the authorization server promises one (RFC 9207)");
            }
            return;
        }
        if (!issuer.equals(target.server().getIssuer())) {
            throw new McpAuthorizationException("the answer comes from issuer " + issuer + ", not " + target.server().getIssuer()
                    + " (RFC 9207)");
        }
    }

    /** A new access token from a refresh token; the grant carries the rotated refresh token if the server issued one. */
    public static Grant refresh(OAuthHttp http, AuthorizationTarget target, ClientIdentity client, String refreshToken) {
        Grant grant = token(http, target, client, new RefreshTokenGrant(new RefreshToken(refreshToken)), null);
        return grant.refreshToken() != null ? grant
                : new Grant(grant.accessToken(), refreshToken, grant.expiresAt(), grant.scope(), grant.refreshTokenExpiresAt());
    }

    private static Grant token(OAuthHttp http, AuthorizationTarget target, ClientIdentity client, AuthorizationGrant grant,
            Scope scope) {
        URI endpoint = target.server().getTokenEndpointURI();
        if (endpoint == null) {
            throw new McpAuthorizationException("the authorization server " + target.server().getIssuer() + " has no token endpoint");
        }
        List<URI> resources = List.of(target.resource());
        TokenRequest request = switch (client.method() == null ? "none" : client.method().getValue()) {
            case "client_secret_basic" -> new TokenRequest(endpoint, new ClientSecretBasic(new ClientID(client.clientId()),
                    new Secret(client.secret())), grant, scope, resources, null);
            case "client_secret_post" -> new TokenRequest(endpoint, (ClientAuthentication) new ClientSecretPost(
                    new ClientID(client.clientId()), new Secret(client.secret())), grant, scope, resources, null);
            default -> new TokenRequest(endpoint, new ClientID(client.clientId()), grant, scope, resources, null, null);
        };
        try {
            TokenResponse response = TokenResponse.parse(http.send(request.toHTTPRequest()));
            if (!response.indicatesSuccess()) {
                var error = ((TokenErrorResponse) response).getErrorObject();
                throw new McpAuthorizationException("the token request was refused: "
                        + redacted(describe(error), client, grantSecrets(grant)),
                        error == null || error.getCode() == null ? "invalid_request" : error.getCode());
            }
            Tokens tokens = response.toSuccessResponse().getTokens();
            AccessToken access = tokens.getAccessToken();
            Instant expiresAt = access.getLifetime() > 0 ? Instant.now().plusSeconds(access.getLifetime()) : null;
            return new Grant(access.getValue(), tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
                    expiresAt, access.getScope() == null ? null : access.getScope().toString(),
                    refreshTokenExpiresAt(response.toSuccessResponse().getCustomParameters().get("refresh_token_expires_in")));
        } catch (IOException | ParseException e) {
            throw new McpAuthorizationException("the token request to " + endpoint + " failed: " + reason(e), e);
        }
    }

    private static final long MAX_REFRESH_TOKEN_SECONDS = 100L * 366 * 24 * 3600;

    /** {@code refresh_token_expires_in} as an instant: a positive number of seconds (or its decimal text), else null. */
    static Instant refreshTokenExpiresAt(Object seconds) {
        long value;
        if (seconds instanceof Number number) {
            value = number.longValue();
        } else if (seconds instanceof String text && text.matches("[0-9]{1,12}")) {
            value = Long.parseLong(text);
        } else {
            return null;
        }
        // Past a century it means "never" as much as any number does (and Instant cannot hold it all).
        return value > 0 && value <= MAX_REFRESH_TOKEN_SECONDS ? Instant.now().plusSeconds(value) : null;
    }

    /** What a token request carries that must not come back in its error: the refresh token, or the code and verifier. */
    private static String[] grantSecrets(AuthorizationGrant grant) {
        if (grant instanceof RefreshTokenGrant refresh) {
            return new String[] { refresh.getRefreshToken().getValue() };
        }
        if (grant instanceof AuthorizationCodeGrant code) {
            return new String[] { code.getAuthorizationCode().getValue(),
                    code.getCodeVerifier() == null ? null : code.getCodeVerifier().getValue() };
        }
        return new String[0];
    }

    /**
     * The authorization server's words without the client's secret in any form it was sent in
     * (as is, form-encoded, or inside the Basic credential, RFC 6749 section 2.3.1), nor the
     * grant's own secrets (refresh token, code, PKCE verifier): a server that echoes the request
     * must not put them on a page a viewer reads, or in a log.
     */
    static String redacted(String text, ClientIdentity client, String... grantSecrets) {
        for (String secret : grantSecrets) {
            if (secret != null && !secret.isEmpty()) {
                text = text.replace(secret, "[redacted]")
                        .replace(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8), "[redacted]");
            }
        }
        if (client.secret() == null || client.secret().isEmpty()) {
            return text;
        }
        String id = java.net.URLEncoder.encode(client.clientId(), java.nio.charset.StandardCharsets.UTF_8);
        String secret = java.net.URLEncoder.encode(client.secret(), java.nio.charset.StandardCharsets.UTF_8);
        String basic = java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String plainBasic = java.util.Base64.getEncoder().encodeToString((client.clientId() + ":" + client.secret())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return text.replace(basic, "[redacted]").replace(plainBasic, "[redacted]").replace(client.secret(), "[redacted]")
                .replace(secret, "[redacted]");
    }

    private static String describe(com.nimbusds.oauth2.sdk.ErrorObject error) {
        if (error == null) {
            return "no reason given";
        }
        if (error.getCode() == null) {
            // Not an OAuth error response (a 404 page, a redirect): say what the server answered.
            return error.getHTTPStatusCode() > 0 ? "HTTP " + error.getHTTPStatusCode() + " without an OAuth error" : "no reason given";
        }
        return error.getCode() + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")");
    }

    /** An exception's message, or its kind when it has none (a refused connection often has none). */
    static String reason(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
