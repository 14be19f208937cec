package ai.crafted.integrations.oauth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.credential.CredentialEntity;
import ai.crafted.integrations.credential.CredentialService;
import ai.crafted.integrations.credential.OAuthGrantSecrets;
import ai.crafted.integrations.credential.OAuthGrants;
import ai.crafted.integrations.credential.OAuthStatus;
import ai.crafted.mcp.oauth.McpAuthorization;
import ai.crafted.mcp.oauth.McpAuthorization.Grant;
import ai.crafted.mcp.oauth.McpAuthorizationException;
import ai.crafted.tracing.TracedWork;

/**
 * Refreshes access tokens before they expire: every {@code integrations.oauth.refresh-scan-interval}
 * the connected grants that are due ({@code integrations.oauth.refresh-lead} before expiry, or at
 * half the token's lifetime when that is shorter) are refreshed, a few at once, one transaction each, the row locked with {@code FOR UPDATE SKIP LOCKED} so two
 * replicas never refresh one grant twice (a rotated refresh token would be spent twice). A new
 * token is published sealed on {@code credential-updated} at once. An error response of the
 * authorization server (the grant was revoked or expired: {@code invalid_grant}, or the client is
 * refused) makes the credential {@code reconnect_needed}, with the reason, and is published too;
 * a server that cannot be reached is tried again later ({@link #retryLater}). Each scan also deletes the
 * started authorizations whose callback never came.
 */
@ApplicationScoped
public class OAuthTokenRefresh {

    private static final Logger LOG = Logger.getLogger(OAuthTokenRefresh.class);
    /** Grants refreshed per scan at most; the rest wait for the next one. */
    private static final int BATCH = 50;
    /**
     * Grants refreshed at once: one tenant's authorization server that answers slowly (each
     * request ends within {@code integrations.oauth.request-timeout}) holds one of these, not the
     * others' refreshes.
     */
    private static final int CONCURRENCY = 4;
    /** Longest one refresh may take (its token request ends within the request timeout). */
    private static final Duration MAX_REFRESH_TIME = Duration.ofMinutes(1);
    /** Longest wait before asking an unreachable authorization server again. */
    private static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(5);
    /** Wait before asking again once the access token has expired (its tools fail until then). */
    private static final Duration EXPIRED_RETRY_WAIT = Duration.ofMinutes(1);

    private final OAuthConnections connections;
    private final PendingAuthorizations pending;
    private final OAuthGrants grants;
    private final CredentialService credentialService;
    private final IntegrationsConfig.OAuth config;
    private final MeterRegistry meters;
    private final Vertx vertx;

    public OAuthTokenRefresh(OAuthConnections connections, PendingAuthorizations pending, OAuthGrants grants,
            CredentialService credentialService, IntegrationsConfig config, MeterRegistry meters, Vertx vertx) {
        this.connections = connections;
        this.pending = pending;
        this.grants = grants;
        this.credentialService = credentialService;
        this.config = config.oauth();
        this.meters = meters;
        this.vertx = vertx;
    }

    @Scheduled(every = "${integrations.oauth.refresh-scan-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        // The scan is not traced (TracedWork.untraced); each refresh it starts is a trace of its own.
        return TracedWork.untraced(vertx.getDelegate(), () -> forgetExpiredAuthorizations().chain(this::dueIds)).onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUni(id -> onOwnContext(() -> refreshOne(id)).onFailure().recoverWithItem(e -> {
                    // One grant's unexpected failure (its database row, say) must not stop the others' refreshes.
                    LOG.warnf("refreshing OAuth credential %s failed: %s", id, e.toString());
                    return null;
                })).merge(CONCURRENCY)
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("OAuth token refresh scan failed: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Runs a refresh on a Vert.x context of its own: Hibernate Reactive keeps one session per
     * context, so refreshes running at once must not share one.
     */
    private Uni<Void> onOwnContext(java.util.function.Supplier<Uni<Void>> work) {
        io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(
                vertx.getDelegate().getOrCreateContext());
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<Void>emitter(emitter -> context.runOnContext(ignored -> Uni.createFrom().<Void>deferred(work::get)
                .subscribe().with(done -> emitter.complete(null), emitter::fail)))
                // A refresh that never ends (a hung database call) must not hold the scan, which skips while one runs.
                .ifNoItem().after(MAX_REFRESH_TIME).fail();
    }

    /** Started authorizations whose callback never came are deleted once they expire. */
    private Uni<Void> forgetExpiredAuthorizations() {
        return Panache.withTransaction(() -> pending.delete("expiresAt < ?1", Instant.now())).replaceWithVoid();
    }

    /** The connected grants due for a refresh, the soonest expiring first. */
    private Uni<List<UUID>> dueIds() {
        Instant due = Instant.now();
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("select id from CredentialEntity where oauthStatus = ?1 and oauthRefreshAt < ?2"
                        + " order by oauthRefreshAt", UUID.class)
                .setParameter(1, OAuthStatus.CONNECTED).setParameter(2, due).setMaxResults(BATCH).getResultList()));
    }

    /**
     * Refreshes one grant in its own transaction, holding its row (skipped when another replica
     * holds it, or when it is no longer due: refreshed, disconnected or deleted meanwhile). The row
     * is read detached and written back with an update that leaves its version alone: a refresh
     * continues the same grant, so the catalogs listed with it stay current, and the event carries
     * the same version (consumers take the later of equal versions, in topic order).
     */
    Uni<Void> refreshOne(UUID id) {
        Instant due = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select * from credentials where id = ?1 and oauth_status = 'connected'"
                        + " and oauth_refresh_at < ?2 for update skip locked", CredentialEntity.class)
                .setParameter(1, id).setParameter(2, due).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    CredentialEntity credential = rows.get(0);
                    session.detach(credential);
                    return refresh(credential);
                })));
    }

    private Uni<Void> refresh(CredentialEntity credential) {
        OAuthGrantSecrets secrets = grants.open(credential);
        if (secrets.refreshToken() == null) {
            return reconnectNeeded(credential, "the authorization server issued no refresh token and the access token expires;"
                    + " connect again");
        }
        var target = StoredTarget.read(credential.oauthTarget, credential.oauthScope);
        // Unordered, so the refreshes running at once do not queue behind one slow server.
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        // The stored endpoint is checked again: the rules (or its address) may have changed since connect.
                        connections.checkFetched(target.server().getTokenEndpointURI());
                        return McpAuthorization.refresh(connections.http(), target, secrets.client(credential.oauthClientId),
                                secrets.refreshToken());
                    } catch (McpAuthorizationException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // Whatever else went wrong on the way is tried again later, never a rolled-back scan.
                        throw new McpAuthorizationException("the token request failed (" + e.getClass().getSimpleName() + ")", e);
                    }
                }), false)
                .chain(grant -> refreshed(credential, grant, secrets))
                .onFailure(McpAuthorizationException.class).recoverWithUni(e -> {
                    McpAuthorizationException failure = (McpAuthorizationException) e;
                    if (!failure.grantRefused()) {
                        return retryLater(credential, failure.getMessage());
                    }
                    return reconnectNeeded(credential, "the authorization server refused to refresh the token: "
                            + failure.getMessage().replaceFirst("^the token request was refused: ", "") + "; connect again");
                });
    }

    /**
     * The authorization server could not be reached or gave no usable answer: the grant stays
     * connected, the reason is shown on the credential, and the next attempt waits a quarter of
     * the token's remaining lifetime (at least one scan, at most 5 minutes; a minute once it has
     * expired), so a server that stays down is not asked on every scan while a token about to
     * expire is still tried often. The credential's event is not published again: nothing
     * changed for the services that use it.
     */
    private Uni<Void> retryLater(CredentialEntity credential, String reason) {
        meters.counter("oauth.token.refresh", "outcome", "unreachable").increment();
        Instant now = Instant.now();
        Duration remaining = credential.oauthExpiresAt == null ? MAX_RETRY_WAIT : Duration.between(now, credential.oauthExpiresAt);
        Duration wait = remaining.isNegative() ? max(EXPIRED_RETRY_WAIT, config.refreshScanInterval())
                : min(MAX_RETRY_WAIT, max(config.refreshScanInterval(), remaining.dividedBy(4)));
        Instant next = now.plus(wait).truncatedTo(ChronoUnit.MILLIS);
        LOG.warnf("refreshing OAuth credential %s failed, trying again at %s: %s", credential.id, next, Problems.bounded(reason));
        String problem = Problems.bounded("the authorization server could not refresh the token ("
                + reason + "); trying again at " + next.truncatedTo(ChronoUnit.SECONDS));
        return Panache.getSession().chain(session -> session.createMutationQuery(
                        "update CredentialEntity set oauthRefreshAt = :next, oauthProblem = :problem where id = :id")
                .setParameter("next", next).setParameter("problem", problem).setParameter("id", credential.id).executeUpdate())
                .replaceWithVoid();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Uni<Void> refreshed(CredentialEntity credential, Grant grant, OAuthGrantSecrets held) {
        connections.store(credential, grant, held);
        meters.counter("oauth.token.refresh", "outcome", "refreshed").increment();
        return writeBack(credential);
    }

    private Uni<Void> reconnectNeeded(CredentialEntity credential, String problem) {
        meters.counter("oauth.token.refresh", "outcome", "reconnect_needed").increment();
        LOG.infof("OAuth credential %s needs a reconnect: %s", credential.id, Problems.bounded(problem));
        credential.oauthStatus = OAuthStatus.RECONNECT_NEEDED;
        credential.oauthProblem = Problems.bounded(problem);
        return writeBack(credential);
    }

    /** Writes the detached credential's secret and grant columns without a version change, then publishes it. */
    private Uni<Void> writeBack(CredentialEntity c) {
        return Panache.getSession().chain(session -> session.createMutationQuery("update CredentialEntity set"
                        + " secretKeyId = :secretKeyId, secretNonce = :secretNonce, secretCiphertext = :secretCiphertext,"
                        + " fingerprint = :fingerprint, oauthGrantKeyId = :grantKeyId, oauthGrantNonce = :grantNonce,"
                        + " oauthGrantSealed = :grantSealed, oauthExpiresAt = :expiresAt, oauthRefreshAt = :refreshAt,"
                        + " oauthRefreshTokenExpiresAt = :refreshTokenExpiresAt, oauthStatus = :status, oauthProblem = :problem,"
                        + " rotatedAt = :rotatedAt where id = :id")
                .setParameter("secretKeyId", c.secretKeyId).setParameter("secretNonce", c.secretNonce)
                .setParameter("secretCiphertext", c.secretCiphertext).setParameter("fingerprint", c.fingerprint)
                .setParameter("grantKeyId", c.oauthGrantKeyId).setParameter("grantNonce", c.oauthGrantNonce)
                .setParameter("grantSealed", c.oauthGrantSealed).setParameter("expiresAt", c.oauthExpiresAt)
                .setParameter("refreshAt", c.oauthRefreshAt).setParameter("refreshTokenExpiresAt", c.oauthRefreshTokenExpiresAt)
                .setParameter("status", c.oauthStatus)
                .setParameter("problem", c.oauthProblem).setParameter("rotatedAt", c.rotatedAt).setParameter("id", c.id)
                .executeUpdate())
                .chain(() -> credentialService.publish(ChangeType.ROTATED, c));
    }
}
