package ai.crafted.integrations.oauth;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import ai.crafted.mcp.oauth.ScopeSyntax;
import ai.crafted.mcp.oauth.Scopes;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A started connect: where to send the browser, and until when the authorization may complete. */
    public record Started(URI authorizationUrl, Instant expiresAt) {
    }

    /** How a callback ended: the credential's organisation (null when the state named none) and the problem (null on success). */
    public record Finished(UUID organizationId, String problem) {
    }

    /** A callback whose browser is not the one that started the authorization. */
    private static final Resumed OTHER_BROWSER = new Resumed(null, null, null, null);

    /** A credential's connect-relevant fields, read in one session and used outside it. */
    private record Snapshot(UUID organizationId, UUID credentialId, URI resource, String scope, String stepUpScope,
            String clientId, String storedIssuer, OAuthGrantSecrets secrets) {
    }

    /** The sealed part of a started authorization. */
    record PendingSecrets(String codeVerifier, String clientSecret, String tokenEndpointAuthMethod) {

        @Override
        public String toString() {
            return "PendingSecrets[" + tokenEndpointAuthMethod + "]";
        }
    }

    /** A started authorization brought back from storage for its callback; {@code problem} when it cannot go on. */
    private record Resumed(UUID organizationId, UUID credentialId, Pending pending, String problem) {
    }

    private final CredentialRepository credentials;
    private final PendingAuthorizations pending;
    private final CredentialKeyrings keyrings;
    private final OAuthGrants grants;
    private final CredentialService credentialService;
    private final EndpointPolicy endpointPolicy;
    private final IntegrationsConfig.OAuth config;
    private final McpAuthorizationDiscovery discovery;
    private final PinnedOAuthHttp http;
    private final Vertx vertx;

    public OAuthConnections(CredentialRepository credentials, PendingAuthorizations pending, CredentialKeyrings keyrings,
            OAuthGrants grants, CredentialService credentialService, EndpointPolicy endpointPolicy, IntegrationsConfig config,
            Vertx vertx, PinnedOAuthHttp http) {
        this.http = http;
        this.credentials = credentials;
        this.pending = pending;
        this.keyrings = keyrings;
        this.grants = grants;
        this.credentialService = credentialService;
        this.endpointPolicy = endpointPolicy;
        this.config = config.oauth();
        this.vertx = vertx;
        this.discovery = new McpAuthorizationDiscovery(http, this::checkFetched);
    }

    /** Where browsers reach this service ({@code integrations.oauth.public-base-url}), without a trailing slash. */
    public String publicBaseUrl() {
        return config.publicBaseUrl();
    }

    /**
     * Whether a page open under this host name gets the callback's cookie: cookies belong to a
     * host name, whatever the port (RFC 6265 section 8.5), so only the names are compared.
     */
    public boolean callbackHostIs(String host) {
        String expected = URI.create(config.publicBaseUrl()).getHost();
        return expected == null || expected.equalsIgnoreCase(host);
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
     * Where an admin starts the authorization in a browser signed in to the control panel: the
     * start must happen in the browser that will come back to the callback, which is bound to it.
     */
    public URI startUrl(UUID organizationId, UUID credentialId) {
        return URI.create(config.publicBaseUrl() + "/ui/orgs/" + organizationId + "/credentials/" + credentialId + "/connect");
    }

    /**
     * Starts (or restarts) the authorization of an OAuth credential, in a browser.
     *
     * @param browserBinding a random value the caller sets as the {@value OAuthResource#BINDING_COOKIE}
     *                       cookie on the starting browser; the callback must carry it (RFC 9700
     *                       section 4.7: an authorization response injected into another browser,
     *                       or handed to another person, completes nothing)
     *
     * @throws ApiException 404 {@code not_found} for a credential that is not the organisation's,
     *                      400 {@code invalid_credential} for one that is not an OAuth credential,
     *                      502 {@code oauth_connect_failed} when discovery or registration fails (the message says why)
     */
    public Uni<Started> connect(UUID organizationId, UUID credentialId, String browserBinding) {
        return snapshotOf(organizationId, credentialId)
                .chain(snapshot -> blocking(snapshot, () -> begin(snapshot))
                        .chain(started -> Panache.withTransaction(() -> remember(snapshot, started, browserBinding))));
    }

    /**
     * What the API's connect checks before it names the start URL: the MCP server asks for OAuth
     * and its authorization server can be discovered and reached under the URL rules (nothing is
     * registered and no authorization is started; the browser does that).
     *
     * @throws ApiException as {@link #connect}; a failure is also kept as the credential's {@code oauth.problem}
     */
    public Uni<URI> checkedStartUrl(UUID organizationId, UUID credentialId) {
        return snapshotOf(organizationId, credentialId)
                .chain(snapshot -> blocking(snapshot, () -> guarded(snapshot, () -> target(snapshot))))
                .replaceWith(() -> startUrl(organizationId, credentialId));
    }

    private Uni<Snapshot> snapshotOf(UUID organizationId, UUID credentialId) {
        return Panache.withSession(() -> credentials.findOwnedOrNotFound(organizationId, credentialId, "credential " + credentialId)
                .map(this::snapshot));
    }

    /** Runs discovery work off the event loop; its failure is kept on the credential and answered as 502. */
    private <T> Uni<T> blocking(Snapshot snapshot, java.util.function.Supplier<T> work) {
        // Unordered: connects of different admins must not wait on one another's servers.
        return vertx.executeBlocking(Uni.createFrom().item(work), false)
                .onFailure(McpAuthorizationException.class).recoverWithUni(e -> Panache.withTransaction(
                        () -> recordProblem(snapshot.credentialId(), e.getMessage()))
                        .chain(() -> Uni.createFrom().failure(new ApiException(502, ErrorCodes.OAUTH_CONNECT_FAILED,
                                e.getMessage(), null))));
    }

    private Snapshot snapshot(CredentialEntity credential) {
        if (!credential.isOAuth()) {
            throw new ApiException(400, ErrorCodes.INVALID_CREDENTIAL,
                    "only OAuth credentials connect; this one is of type " + credential.type, null);
        }
        String storedIssuer = credential.oauthTarget == null ? null
                : StoredTarget.read(credential.oauthTarget, null).server().getIssuer().getValue();
        return new Snapshot(credential.organizationId, credential.id, URI.create(credential.oauthResource), credential.oauthScope,
                credential.oauthStepUpScope, credential.oauthClientId, storedIssuer, grants.open(credential));
    }

    /**
     * Blocking: discovery, client identity, the authorization request. The credential's client is
     * used again only with the authorization server it belongs to (the one entered before the
     * first connect, or the one of the current grant); another server gets a client of its own.
     */
    private Pending begin(Snapshot snapshot) {
        return guarded(snapshot, () -> authorizationRequest(snapshot));
    }

    private <T> T guarded(Snapshot snapshot, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (McpAuthorizationException | ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Metadata the OAuth library cannot use (an authorization endpoint that is no URL, say) is the server's fault.
            LOG.infof("connect of credential %s: unusable authorization server metadata: %s", snapshot.credentialId(),
                    Problems.bounded(e.toString()));
            throw new McpAuthorizationException("the authorization server's metadata could not be used ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private Pending authorizationRequest(Snapshot snapshot) {
        AuthorizationTarget target = target(snapshot);
        String issuer = target.server().getIssuer().getValue();
        boolean sameServer = snapshot.storedIssuer() == null || snapshot.storedIssuer().equals(issuer);
        Optional<ClientIdentity> registered = snapshot.clientId() != null && sameServer
                ? Optional.of(snapshot.secrets().client(snapshot.clientId())) : Optional.empty();
        ClientIdentity client = McpAuthorization.identity(http, target, registered, metadataDocumentUrl(), redirectUri(),
                config.clientName());
        return McpAuthorization.start(target, client, redirectUri());
    }

    /** Discovery from the MCP server's 401 with the credential's scope and step-up scope; every endpoint checked. */
    private AuthorizationTarget target(Snapshot snapshot) {
        AuthorizationTarget target = discovery.discover(snapshot.resource(), discovery.challenge(snapshot.resource()));
        if (snapshot.scope() != null) {
            target = new AuthorizationTarget(target.resource(), target.resourceMetadata(), target.server(),
                    Optional.of(snapshot.scope()));
        }
        if (snapshot.stepUpScope() != null) {
            // What MCP servers refused for lack of scope is asked for on top (the MCP step-up flow).
            target = target.withScope(snapshot.stepUpScope());
        }
        for (URI endpoint : new URI[] {target.server().getAuthorizationEndpointURI(), target.server().getTokenEndpointURI(),
                target.server().getRegistrationEndpointURI()}) {
            if (endpoint != null) {
                checkFetched(endpoint);
            }
        }
        return target;
    }

    /**
     * Keeps the started authorization, with what it was started with, in its own row: the
     * credential itself changes only when the callback succeeds (so an abandoned connect leaves a
     * working grant as it was).
     */
    private Uni<Started> remember(Snapshot snapshot, Pending started, String browserBinding) {
        PendingAuthorizationEntity authorization = new PendingAuthorizationEntity();
        authorization.stateHash = ApiKeys.hash(started.state());
        authorization.credentialId = snapshot.credentialId();
        authorization.organizationId = snapshot.organizationId();
        authorization.target = StoredTarget.write(started.target());
        authorization.scope = started.target().scope().orElse(null);
        authorization.clientId = started.client().clientId();
        OAuthGrantSecrets client = OAuthGrantSecrets.of(null, started.client());
        authorization.storeSealedSecrets(keyrings.sealAtRest(json(new PendingSecrets(started.codeVerifier(),
                client.clientSecret(), client.tokenEndpointAuthMethod())), secretsAad(authorization.stateHash)));
        authorization.redirectUri = started.redirectUri().toString();
        authorization.browserBinding = ApiKeys.hash(browserBinding);
        authorization.expiresAt = Instant.now().plus(config.authorizationTtl()).truncatedTo(ChronoUnit.MILLIS);
        return pending.persist(authorization).map(saved -> new Started(started.authorizationUri(), saved.expiresAt));
    }

    /**
     * Completes an authorization from the authorization server's redirect. Never fails: a problem
     * is recorded on the credential (shown on its page and in the API) and returned.
     *
     * @param callback       the full URL the browser arrived with (its {@code code}, {@code state}, {@code iss} or {@code error})
     * @param state          its {@code state} parameter, null when missing
     * @param browserBinding the browser's {@value OAuthResource#BINDING_COOKIE} cookie, null when missing
     */
    public Uni<Finished> finish(URI callback, String state, String browserBinding) {
        if (state == null || state.isBlank()) {
            return Uni.createFrom().item(new Finished(null, "the answer carries no state; start connect again"));
        }
        String stateHash = ApiKeys.hash(state);
        // Its own transaction: the row is gone (single use) whatever happens afterwards.
        return Panache.withTransaction(() -> pending.findById(stateHash).chain(authorization -> {
            if (authorization == null) {
                return Uni.createFrom().<Resumed>nullItem();
            }
            if (authorization.expiresAt.isBefore(Instant.now())) {
                return pending.delete(authorization).replaceWith((Resumed) null);
            }
            if (browserBinding == null || !ApiKeys.hash(browserBinding).equals(authorization.browserBinding)) {
                // Another browser (or a forged link): it learns nothing about the credential, and
                // neither spends the authorization nor marks the credential, so the admin's own
                // browser can still complete it.
                return Uni.createFrom().item(OTHER_BROWSER);
            }
            Resumed resumed = resume(authorization, state);
            return pending.delete(authorization).replaceWith(resumed);
        })).chain(resumed -> {
            if (resumed == OTHER_BROWSER) {
                return Uni.createFrom().item(new Finished(null, "this answer belongs to a connect started in another browser"
                        + " (or under another host name than " + config.publicBaseUrl() + "): finish it there, or start connect"
                        + " again from the Credentials page at " + config.publicBaseUrl() + "/ui"));
            }
            if (resumed == null) {
                return Uni.createFrom().item(new Finished(null,
                        "this authorization is unknown, used or expired; start connect again"));
            }
            Uni<Finished> outcome = resumed.problem() != null ? Uni.createFrom().failure(new McpAuthorizationException(resumed.problem()))
                    : vertx.executeBlocking(Uni.createFrom().item(() -> McpAuthorization.finish(http, resumed.pending(), callback)), false)
                            .chain(grant -> Panache.withTransaction(() -> connected(resumed, grant)))
                            .replaceWith(new Finished(resumed.organizationId(), null));
            // Any failure ends here with its reason on the credential: the authorization is spent either way.
            return outcome.onFailure().recoverWithUni(e -> {
                String problem = e instanceof McpAuthorizationException ? e.getMessage()
                        : "the connect could not be completed (" + e.getClass().getSimpleName() + "); start it again";
                if (!(e instanceof McpAuthorizationException)) {
                    LOG.warnf("completing the connect of credential %s failed: %s", resumed.credentialId(), Problems.bounded(e.toString()));
                }
                return Panache.withTransaction(() -> recordProblem(resumed.credentialId(), problem))
                        .replaceWith(new Finished(resumed.organizationId(), problem));
            });
        });
    }

    /** The stored authorization as {@link McpAuthorization#finish} takes it; a problem instead when it cannot be read. */
    private Resumed resume(PendingAuthorizationEntity authorization, String state) {
        try {
            PendingSecrets secrets = JSON.readValue(keyrings.openAtRest(authorization.sealedSecrets(),
                    secretsAad(authorization.stateHash)), PendingSecrets.class);
            ClientIdentity client = new OAuthGrantSecrets(null, secrets.clientSecret(), secrets.tokenEndpointAuthMethod())
                    .client(authorization.clientId);
            Pending pending = new Pending(null, state, secrets.codeVerifier(), URI.create(authorization.redirectUri),
                    StoredTarget.read(authorization.target, authorization.scope), client);
            return new Resumed(authorization.organizationId, authorization.credentialId, pending, null);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warnf("started authorization of credential %s cannot be read: %s", authorization.credentialId, e.toString());
            return new Resumed(authorization.organizationId, authorization.credentialId, null,
                    "the started authorization could not be read; start connect again");
        }
    }

    /**
     * A new grant: the credential takes over the authorization's target, scope and client and the
     * tokens; its version grows (a new grant may see other tools, so catalogs are listed again).
     */
    private Uni<Void> connected(Resumed resumed, Grant grant) {
        return credentials.findOwnedForUpdate(resumed.organizationId(), resumed.credentialId()).chain(credential -> {
            if (credential == null) {
                return Uni.createFrom().voidItem(); // deleted meanwhile
            }
            Pending pending = resumed.pending();
            credential.oauthTarget = StoredTarget.write(pending.target());
            // The scope granted when the server says (RFC 6749 section 5.1), else the one asked for.
            credential.oauthScope = grant.scope() != null && ScopeSyntax.isValid(grant.scope()) ? grant.scope()
                    : pending.target().scope().orElse(null);
            // A step-up asked for while this authorization was under way stays for the next connect.
            credential.oauthStepUpScope = Scopes.missing(credential.oauthStepUpScope, credential.oauthScope);
            credential.oauthClientId = pending.client().clientId();
            store(credential, grant, OAuthGrantSecrets.of(null, pending.client()));
            // A new grant: whatever was known about the old refresh token's expiry no longer holds.
            credential.oauthRefreshTokenExpiresAt = grant.refreshTokenExpiresAt() == null ? null
                    : grant.refreshTokenExpiresAt().truncatedTo(ChronoUnit.MILLIS);
            credential.oauthConnectedAt = credential.rotatedAt;
            return credentials.flush().chain(() -> credentialService.publish(ChangeType.ROTATED, credential));
        });
    }

    /**
     * Stores a token response on a locked credential: the access token sealed as its secret, the
     * refresh token (the new one when the server rotated it) sealed with the grant, the expiry;
     * the grant is connected and its problem cleared.
     *
     * @param held the grant's secrets the credential holds already (the client's secret and method are kept)
     */
    void store(CredentialEntity credential, Grant grant, OAuthGrantSecrets held) {
        keyrings.store(credential, grant.accessToken());
        boolean newRefreshToken = grant.refreshToken() != null && !grant.refreshToken().equals(held.refreshToken());
        if (newRefreshToken || grant.refreshTokenExpiresAt() != null) {
            // A refresh that keeps the refresh token keeps its expiry unless the server states a new one.
            credential.oauthRefreshTokenExpiresAt = grant.refreshTokenExpiresAt() == null ? null
                    : grant.refreshTokenExpiresAt().truncatedTo(ChronoUnit.MILLIS);
        }
        grants.store(credential, new OAuthGrantSecrets(grant.refreshToken(), held.clientSecret(), held.tokenEndpointAuthMethod()));
        credential.oauthExpiresAt = grant.expiresAt() == null ? null : grant.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        credential.oauthRefreshAt = refreshAt(grant.expiresAt());
        credential.oauthStatus = OAuthStatus.CONNECTED;
        credential.oauthProblem = null;
        credential.rotatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * When to refresh a token that expires at {@code expiresAt}: {@code integrations.oauth.refresh-lead}
     * before, or at half its lifetime when that is shorter (a 30 s token is refreshed after 15 s,
     * not on every scan); null when it does not expire.
     */
    Instant refreshAt(Instant expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        java.time.Duration lifetime = java.time.Duration.between(Instant.now(), expiresAt);
        java.time.Duration lead = lifetime.dividedBy(2).compareTo(config.refreshLead()) < 0 ? lifetime.dividedBy(2) : config.refreshLead();
        return expiresAt.minus(lead).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Records why a connect failed on the credential, without changing its version (nothing the
     * services use changed, so no event and no catalog listing).
     */
    private Uni<Void> recordProblem(UUID credentialId, String problem) {
        LOG.infof("connecting OAuth credential %s failed: %s", credentialId, Problems.bounded(problem));
        return Panache.getSession().chain(session -> session.createMutationQuery(
                        "update CredentialEntity set oauthProblem = ?1 where id = ?2")
                .setParameter(1, Problems.bounded(problem)).setParameter(2, credentialId).executeUpdate()).replaceWithVoid();
    }

    /** The transport of discovery, registration and token requests (address checks, deadline, size cap). */
    PinnedOAuthHttp http() {
        return http;
    }

    /** SSRF guard for every URL discovery, registration and token requests reach (and the authorization endpoint the browser is sent to). */
    void checkFetched(URI url) {
        try {
            endpointPolicy.check(url.toString());
        } catch (ApiException e) {
            throw new McpAuthorizationException("the URL " + url + " is not allowed: " + e.getMessage());
        }
    }

    private static String secretsAad(String stateHash) {
        return "oauth-authorization:" + stateHash;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName());
        }
    }
}
