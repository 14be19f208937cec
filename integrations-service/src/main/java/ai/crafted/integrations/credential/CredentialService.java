package ai.crafted.integrations.credential;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.events.CredentialUpdatedEvent;
import ai.crafted.events.Topics;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ListQuery;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.integrations.integration.EndpointPolicy;
import ai.crafted.outbox.Outbox;

/** Write-only secrets for MCP servers: create, rotate, delete; every change emits a sealed event. */
@ApplicationScoped
public class CredentialService {

    /**
     * Headers a credential must not set: the ones the MCP client sets itself, and the hop-by-hop
     * and connection-level headers (RFC 9110 §7.6.1: Connection, Keep-Alive, Proxy-Connection, TE,
     * Transfer-Encoding, Upgrade, and the proxy ones), which change how the connection behaves
     * rather than authenticate.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "accept", "mcp-session-id", "mcp-protocol-version", "mcp-method",
            "mcp-name", "last-event-id", "upgrade", "te", "trailer", "keep-alive", "proxy-connection",
            "proxy-authorization", "proxy-authenticate", "expect", "http2-settings", "cookie", "origin", "set-cookie",
            "accept-encoding", "content-encoding", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
            "x-real-ip", "via");
    private static final String NAME_CONSTRAINT = "credentials_org_name_unique";
    private static final String IN_USE_CONSTRAINT = "integrations_credential_fk";

    private final CredentialRepository repository;
    private final CredentialKeyrings keyrings;
    private final Outbox outbox;
    private final RequestChecks checks;
    private final OAuthGrants grants;
    private final EndpointPolicy endpointPolicy;
    private final Vertx vertx;
    private final java.time.Duration warningWindow;

    public CredentialService(CredentialRepository repository, CredentialKeyrings keyrings, Outbox outbox,
            RequestChecks checks, OAuthGrants grants, EndpointPolicy endpointPolicy, Vertx vertx,
            ai.crafted.integrations.config.IntegrationsConfig config) {
        this.warningWindow = config.oauth().refreshTokenWarning();
        this.repository = repository;
        this.keyrings = keyrings;
        this.outbox = outbox;
        this.checks = checks;
        this.grants = grants;
        this.endpointPolicy = endpointPolicy;
        this.vertx = vertx;
    }

    /**
     * Stores a credential. A bearer or header credential needs its {@code secret}; an OAuth one
     * needs the MCP server's {@code resource} URL (checked like an integration endpoint) and starts
     * {@code pending}, without a token, until {@link ai.crafted.integrations.oauth.OAuthConnections#connect}
     * completes.
     *
     * @throws ApiException 400 {@code invalid_credential} naming the field; 409 {@code credential_name_conflict}
     */
    /**
     * The header a bearer or header credential typed into a form would send, checked by every
     * rule a stored one passes (Bean Validation, text rules, header names the MCP client sets
     * itself are refused), without storing anything: for a connection test.
     *
     * @return the header name and value
     * @throws ConstraintViolationException or ApiException {@code invalid_credential} naming the field
     */
    public Map.Entry<String, String> enteredHeader(CreateCredentialRequest request) {
        checks.validated(request);
        if (CredentialType.OAUTH.equals(request.type())) {
            throw invalid("type", "an OAuth credential is tested by connecting it on the Credentials page");
        }
        checkFieldsOfType(request, false);
        String name = headerName(request);
        return Map.entry(name, CredentialType.AUTHORIZATION.equals(name) ? "Bearer " + request.secret() : request.secret());
    }

    public Uni<CredentialView> create(UUID organizationId, CreateCredentialRequest request) {
        checks.validated(request);
        boolean oauth = CredentialType.OAUTH.equals(request.type());
        checkFieldsOfType(request, oauth);
        String headerName = headerName(request);
        Uni<String> resource = oauth ? vertx.executeBlocking(Uni.createFrom().item(() -> checkedResource(request.resource())))
                : Uni.createFrom().nullItem();
        return resource.chain(checkedResource -> Panache.withTransaction(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            CredentialEntity credential = new CredentialEntity();
            credential.id = UUID.randomUUID();
            credential.organizationId = organizationId;
            credential.name = request.name().trim();
            credential.type = request.type();
            credential.headerName = headerName;
            credential.createdAt = now;
            if (oauth) {
                credential.oauthStatus = OAuthStatus.PENDING;
                credential.oauthResource = checkedResource;
                credential.oauthScope = request.scope();
                credential.oauthClientId = request.clientId();
                if (request.clientSecret() != null) {
                    grants.store(credential, new OAuthGrantSecrets(null, request.clientSecret(), null));
                }
            } else {
                keyrings.store(credential, request.secret());
            }
            return repository.persist(credential)
                    .call(repository::flush)
                    .onFailure(e -> RequestChecks.violates(e, NAME_CONSTRAINT)).transform(e -> new ApiException(409,
                            ErrorCodes.CREDENTIAL_NAME_CONFLICT,
                            "another credential in this organisation is already named '" + credential.name + "'", "name"))
                    .call(saved -> publish(ChangeType.CREATED, saved))
                    .map(this::view);
        }));
    }

    /** Bearer and header credentials carry a secret and no OAuth fields; OAuth ones the reverse. */
    private static void checkFieldsOfType(CreateCredentialRequest request, boolean oauth) {
        if (!oauth) {
            if (request.secret() == null) {
                throw invalid("secret", "secret is required");
            }
            for (String[] field : new String[][] {{"resource", request.resource()}, {"clientId", request.clientId()},
                    {"clientSecret", request.clientSecret()}, {"scope", request.scope()}}) {
                if (field[1] != null) {
                    throw invalid(field[0], field[0] + " is only for type \"oauth\"");
                }
            }
            return;
        }
        if (request.secret() != null) {
            throw invalid("secret", "an OAuth credential's token comes from connect, not from the request");
        }
        if (request.resource() == null) {
            throw invalid("resource", "resource is required for type \"oauth\": the MCP server's URL");
        }
        if (request.clientSecret() != null && request.clientId() == null) {
            throw invalid("clientSecret", "clientSecret needs the clientId it belongs to");
        }
    }

    /** The resource URL under the endpoint rules (https, public address), reported as a credential field. */
    private String checkedResource(String resource) {
        try {
            return endpointPolicy.check(resource);
        } catch (ApiException e) {
            throw invalid("resource", e.getMessage().replaceFirst("^endpoint", "resource"));
        }
    }

    private CredentialView view(CredentialEntity credential) {
        return CredentialView.of(credential, warningWindow);
    }

    @WithSession
    public Uni<CredentialPage> list(UUID organizationId, Paging paging) {
        return list(organizationId, ListQuery.of(paging));
    }

    /** A page of the credentials matching the query's search, in its order. */
    @WithSession
    public Uni<CredentialPage> list(UUID organizationId, ListQuery query) {
        return repository.pageOf(organizationId, query, this::view, CredentialPage::new);
    }

    @WithSession
    public Uni<CredentialView> get(UUID organizationId, UUID id) {
        return loadOwned(organizationId, id).map(this::view);
    }

    @WithTransaction
    public Uni<CredentialView> rotate(UUID organizationId, UUID id, RotateCredentialRequest request) {
        checks.validated(request);
        return lockOwned(organizationId, id).chain(credential -> {
            if (credential.isOAuth()) {
                throw invalid("secret", "an OAuth credential's token comes from connect; connect again to replace it");
            }
            keyrings.store(credential, request.secret());
            credential.rotatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return repository.flush().replaceWith(credential);
        }).call(saved -> publish(ChangeType.ROTATED, saved)).map(this::view);
    }

    @WithTransaction
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return lockOwned(organizationId, id)
                .call(credential -> refuseWhileInUse(credential))
                .call(credential -> publish(ChangeType.DELETED, credential))
                .call(repository::delete)
                .call(repository::flush)
                // The foreign key catches an integration that started using it concurrently.
                .onFailure(e -> RequestChecks.violates(e, IN_USE_CONSTRAINT)).transform(e -> inUse(null))
                .replaceWithVoid();
    }

    private Uni<Void> refuseWhileInUse(CredentialEntity credential) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select slug from IntegrationEntity where credentialId = ?1"
                        + " and organizationId = ?2 order by slug", String.class)
                .setParameter(1, credential.id).setParameter(2, credential.organizationId)
                .getResultList())
                .invoke(slugs -> {
                    if (!slugs.isEmpty()) {
                        throw inUse(String.join(", ", slugs));
                    }
                })
                .replaceWithVoid();
    }

    private static ApiException inUse(String slugs) {
        return new ApiException(409, ErrorCodes.CREDENTIAL_IN_USE, "the credential is still used by "
                + (slugs == null ? "an integration" : "the integrations " + slugs)
                + "; point them at another credential first", null);
    }

    /**
     * Enqueues the credential's {@code credential-updated} event in the current transaction: its
     * secret sealed for transport (none when deleted or for an OAuth credential without a token)
     * and, for OAuth, the grant's status.
     */
    public Uni<Void> publish(ChangeType type, CredentialEntity credential) {
        boolean withSecret = type != ChangeType.DELETED && credential.secretCiphertext != null;
        var event = new CredentialUpdatedEvent(CredentialUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                Instant.now(), type, credential.organizationId, credential.id, credential.version, credential.type,
                credential.headerName, withSecret ? keyrings.sealForTransport(credential) : null, credential.oauthStatus);
        return outbox.enqueue(Topics.CREDENTIAL_UPDATED, credential.id.toString(), event);
    }

    private Uni<CredentialEntity> loadOwned(UUID organizationId, UUID id) {
        return repository.findOwned(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("credential " + id));
    }

    /** The credential, locked: concurrent rotations and deletes of one credential run one after another. */
    private Uni<CredentialEntity> lockOwned(UUID organizationId, UUID id) {
        return repository.findOwnedForUpdate(organizationId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("credential " + id));
    }

    private static String headerName(CreateCredentialRequest request) {
        if (!CredentialType.HEADER.equals(request.type())) {
            if (request.headerName() != null && !request.headerName().equalsIgnoreCase(CredentialType.AUTHORIZATION)) {
                throw invalid("headerName", "headerName is only for type \"header\"; " + request.type()
                        + " credentials use Authorization");
            }
            return CredentialType.AUTHORIZATION;
        }
        if (request.headerName() == null) {
            throw invalid("headerName", "headerName is required for type \"header\", e.g. X-Api-Key");
        }
        String lower = request.headerName().toLowerCase(Locale.ROOT);
        // Mcp-Param-*: 2026-07-28 carries tool arguments in them (x-mcp-header); a call would overwrite the secret.
        if (RESERVED_HEADERS.contains(lower) || lower.startsWith("mcp-param-")) {
            throw invalid("headerName", "headerName " + request.headerName() + " is set by the MCP client itself");
        }
        return request.headerName();
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCodes.INVALID_CREDENTIAL, message, field);
    }

}
