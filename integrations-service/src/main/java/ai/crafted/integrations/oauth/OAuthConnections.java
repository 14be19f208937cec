package ai.crafted.integrations.oauth;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.CredentialKeyrings;
import ai.crafted.integrations.credential.CredentialRepository;
import ai.crafted.integrations.credential.CredentialService;
import ai.crafted.integrations.credential.OAuthGrantSecrets;
import ai.crafted.integrations.credential.OAuthGrants;
import ai.crafted.integrations.credential.OAuthStatus;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.integration.EndpointPolicy;
import ai.crafted.mcp.oauth.AuthorizationTarget;
import ai.crafted.mcp.oauth.McpAuthorization;
import ai.crafted.mcp.oauth.McpAuthorization.ClientIdentity;
import ai.crafted.mcp.oauth.McpAuthorization.Grant;
import ai.crafted.mcp.oauth.McpAuthorization.Pending;
import ai.crafted.mcp.oauth.McpAuthorizationDiscovery;
import ai.crafted.mcp.oauth.McpAuthorizationException;
import ai.crafted.secrets.ApiKeys;

/**
 * Connects an OAuth credential to its MCP server, as the MCP authorization specification
 * (2025-11-25) has a client do: {@link #connect} discovers the authorization server from the
 * server's 401 challenge (RFC 9728, RFC 8414), settles the client's identity (the pre-registered
 * client, our Client ID Metadata Document, or dynamic registration) and answers the URL to send
 * the admin's browser to (PKCE S256, {@code state}, {@code resource}); {@link #finish} takes the
 * authorization server's redirect back, checks {@code state} and {@code iss}, exchanges the code
 * and stores the tokens sealed. Every URL fetched on the way passes the endpoint rules (https,
 * public addresses), as integration endpoints do. Tokens never leave this class unsealed.
 */
@ApplicationScoped
public class OAuthConnections {

    private static final Logger LOG = Logger.getLogger(OAuthConnections.class);

    /** A started connect: where to send the browser, and until when the authorization may complete. */
    public record Started(URI authorizationUrl, Instant expiresAt) {
    }

    /** How a callback ended: the credential (null when the state named none) and the problem (null on success). */
    public record Finished(UUID organizationId, UUID credentialId, String problem) {
    }

    /** A credential's connect-relevant fields, read in one session and used outside it. */
    private record Snapshot(UUID organizationId, UUID credentialId, URI resource, String scope, String clientId,
            OAuthGrantSecrets secrets) {
    }

    private final CredentialRepository credentials;
    private final PendingAuthorizations pending;
    private final CredentialKeyrings keyrings;
    private final OAuthGrants grants;
    private final CredentialService credentialService;
    private final EndpointPolicy endpointPolicy;
    private final IntegrationsConfig.OAuth config;
    private final McpAuthorizationDiscovery discovery;
    private final Vertx vertx;

    public OAuthConnections(CredentialRepository credentials, PendingAuthorizations pending, CredentialKeyrings keyrings,
            OAuthGrants grants, CredentialService credentialService, EndpointPolicy endpointPolicy, IntegrationsConfig config,
            Vertx vertx) {
        this.credentials = credentials;
        this.pending = pending;
        this.keyrings = keyrings;
        this.grants = grants;
        this.credentialService = credentialService;
        this.endpointPolicy = endpointPolicy;
        this.config = config.oauth();
        this.vertx = vertx;
        this.discovery = new McpAuthorizationDiscovery(this.config.requestTimeout(), this::checkFetched);
    }

    /** {@code <public-base-url>/oauth/callback}: what an admin registers as the redirect URI. */
    public URI redirectUri() {
        return URI.create(config.publicBaseUrl() + OAuthResource.CALLBACK_PATH);
    }

    /** Our Client ID Metadata Document's URL, which is also the client id; only over https (the draft requires it). */
    public Optional<URI> metadataDocumentUrl() {
        return config.publicBaseUrl().startsWith("https://")
                ? Optional.of(URI.create(config.publicBaseUrl() + OAuthResource.METADATA_PATH)) : Optional.empty();
    }

    /**
     * Starts (or restarts) the authorization of an OAuth credential.
     *
     * @throws ApiException 404 {@code not_found} for a credential that is not the organisation's,
     *                      400 {@code invalid_credential} for one that is not an OAuth credential,
     *                      502 {@code oauth_connect_failed} when discovery or registration fails (the message says why)
     */
    public Uni<Started> connect(UUID organizationId, UUID credentialId) {
        return Panache.withSession(() -> credentials.findOwnedOrNotFound(organizationId, credentialId, "credential " + credentialId)
                        .map(this::snapshot))
                .chain(snapshot -> vertx.executeBlocking(Uni.createFrom().item(() -> begin(snapshot)))
                        .onFailure(McpAuthorizationException.class).transform(e -> new ApiException(502,
                                ErrorCodes.OAUTH_CONNECT_FAILED, e.getMessage(), null))
                        .chain(started -> Panache.withTransaction(() -> remember(snapshot, started))));
    }

    private Snapshot snapshot(CredentialEntity credential) {
        if (!credential.isOAuth()) {
            throw new ApiException(400, ErrorCodes.INVALID_CREDENTIAL,
                    "only OAuth credentials connect; this one is of type " + credential.type, null);
        }
        return new Snapshot(credential.organizationId, credential.id, URI.create(credential.oauthResource), credential.oauthScope,
                credential.oauthClientId, grants.open(credential));
    }

    /** Blocking: discovery, client identity, the authorization request. */
    private Pending begin(Snapshot snapshot) {
        AuthorizationTarget target = discovery.discover(snapshot.resource(), discovery.challenge(snapshot.resource()));
        if (snapshot.scope() != null) {
            target = new AuthorizationTarget(target.resource(), target.resourceMetadata(), target.server(),
                    Optional.of(snapshot.scope()));
        }
        for (URI endpoint : new URI[] {target.server().getTokenEndpointURI(), target.server().getRegistrationEndpointURI()}) {
            if (endpoint != null) {
                checkFetched(endpoint);
            }
        }
        Optional<ClientIdentity> registered = Optional.ofNullable(snapshot.clientId())
                .map(id -> new ClientIdentity(id, snapshot.secrets().clientSecret(), method(snapshot.secrets())));
        ClientIdentity client = McpAuthorization.identity(target, registered, metadataDocumentUrl(), redirectUri(),
                config.clientName());
        return McpAuthorization.start(target, client, redirectUri());
    }

    private static ClientAuthenticationMethod method(OAuthGrantSecrets secrets) {
        return secrets.clientAuthMethod() == null ? null : ClientAuthenticationMethod.parse(secrets.clientAuthMethod());
    }

    /** Keeps what the callback and later refreshes need: the target, the client, the sealed verifier. */
    private Uni<Started> remember(Snapshot snapshot, Pending started) {
        return credentials.findOwnedForUpdate(snapshot.organizationId(), snapshot.credentialId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("credential " + snapshot.credentialId()))
                .chain(credential -> {
                    AuthorizationTarget target = started.target();
                    credential.oauthServerMetadata = StoredTarget.write(target);
                    credential.oauthScope = target.scope().orElse(null);
                    credential.oauthClientId = started.client().clientId();
                    OAuthGrantSecrets held = grants.open(credential);
                    grants.store(credential, new OAuthGrantSecrets(held.refreshToken(), started.client().secret(),
                            started.client().method() == null ? null : started.client().method().getValue()));
                    PendingAuthorizationEntity authorization = new PendingAuthorizationEntity();
                    authorization.stateHash = ApiKeys.hash(started.state());
                    authorization.credentialId = credential.id;
                    authorization.organizationId = credential.organizationId;
                    authorization.storeSealedVerifier(keyrings.sealAtRest(started.codeVerifier(), verifierAad(authorization.stateHash)));
                    authorization.redirectUri = started.redirectUri().toString();
                    authorization.expiresAt = Instant.now().plus(config.authorizationTtl()).truncatedTo(ChronoUnit.MILLIS);
                    return pending.persist(authorization)
                            .map(saved -> new Started(started.authorizationUri(), saved.expiresAt));
                });
    }

    /**
     * Completes an authorization from the authorization server's redirect. Never fails: a problem
     * is recorded on the credential (shown on its page and in the API) and returned.
     *
     * @param callback the full URL the browser arrived with (its {@code code}, {@code state}, {@code iss} or {@code error})
     * @param state    its {@code state} parameter, null when missing
     */
    public Uni<Finished> finish(URI callback, String state) {
        if (state == null || state.isBlank()) {
            return Uni.createFrom().item(new Finished(null, null, "the answer carries no state; start connect again"));
        }
        String stateHash = ApiKeys.hash(state);
        return Panache.withTransaction(() -> pending.findById(stateHash).chain(authorization -> {
            if (authorization == null) {
                return Uni.createFrom().<Resumed>nullItem();
            }
            // Single use, whatever happens next.
            return pending.delete(authorization)
                    .chain(() -> credentials.findOwned(authorization.organizationId, authorization.credentialId))
                    .map(credential -> credential == null || credential.oauthServerMetadata == null
                            || authorization.expiresAt.isBefore(Instant.now()) ? null : resume(credential, authorization, state));
        })).chain(resumed -> {
            if (resumed == null) {
                return Uni.createFrom().item(new Finished(null, null,
                        "this authorization is unknown, used or expired; start connect again"));
            }
            return vertx.executeBlocking(Uni.createFrom().item(() -> McpAuthorization.finish(resumed.pending(), callback)))
                    .chain(grant -> Panache.withTransaction(() -> connected(resumed.organizationId(), resumed.credentialId(), grant)))
                    .replaceWith(new Finished(resumed.organizationId(), resumed.credentialId(), null))
                    .onFailure(McpAuthorizationException.class).recoverWithUni(e -> Panache.withTransaction(
                            () -> recordProblem(resumed.organizationId(), resumed.credentialId(), e.getMessage()))
                            .replaceWith(new Finished(resumed.organizationId(), resumed.credentialId(), e.getMessage())));
        });
    }

    /** A started authorization brought back from storage for its callback. */
    private record Resumed(UUID organizationId, UUID credentialId, Pending pending) {
    }

    private Resumed resume(CredentialEntity credential, PendingAuthorizationEntity authorization, String state) {
        OAuthGrantSecrets secrets = grants.open(credential);
        ClientIdentity client = new ClientIdentity(credential.oauthClientId, secrets.clientSecret(), method(secrets));
        String verifier = keyrings.openAtRest(authorization.sealedVerifier(), verifierAad(authorization.stateHash));
        Pending pending = new Pending(null, state, verifier, URI.create(authorization.redirectUri),
                StoredTarget.read(credential.oauthServerMetadata, credential.oauthScope), client);
        return new Resumed(credential.organizationId, credential.id, pending);
    }

    private Uni<Void> connected(UUID organizationId, UUID credentialId, Grant grant) {
        return credentials.findOwnedForUpdate(organizationId, credentialId).chain(credential -> {
            if (credential == null) {
                return Uni.createFrom().voidItem(); // deleted meanwhile
            }
            store(credential, grant);
            credential.oauthConnectedAt = credential.rotatedAt;
            return credentials.flush().chain(() -> credentialService.publish(ChangeType.ROTATED, credential));
        });
    }

    /**
     * Stores a token response on a locked credential: the access token sealed as its secret, the
     * refresh token (the new one when the server rotated it) sealed with the grant, the expiry;
     * the grant is connected and its problem cleared.
     */
    void store(CredentialEntity credential, Grant grant) {
        keyrings.store(credential, grant.accessToken());
        OAuthGrantSecrets held = grants.open(credential);
        grants.store(credential, new OAuthGrantSecrets(grant.refreshToken(), held.clientSecret(), held.clientAuthMethod()));
        credential.oauthExpiresAt = grant.expiresAt() == null ? null : grant.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        credential.oauthStatus = OAuthStatus.CONNECTED;
        credential.oauthProblem = null;
        credential.rotatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private Uni<Void> recordProblem(UUID organizationId, UUID credentialId, String problem) {
        LOG.infof("connecting OAuth credential %s failed: %s", credentialId, problem);
        return credentials.findOwnedForUpdate(organizationId, credentialId).invoke(credential -> {
            if (credential != null) {
                credential.oauthProblem = problem.length() > 2000 ? problem.substring(0, 1999) + "…" : problem;
            }
        }).replaceWithVoid();
    }

    /** SSRF guard for every URL discovery, registration and token requests reach. */
    private void checkFetched(URI url) {
        try {
            endpointPolicy.check(url.toString());
        } catch (ApiException e) {
            throw new McpAuthorizationException("the URL " + url + " is not allowed: " + e.getMessage());
        }
    }

    static String verifierAad(String stateHash) {
        return "oauth-authorization:" + stateHash;
    }
}
