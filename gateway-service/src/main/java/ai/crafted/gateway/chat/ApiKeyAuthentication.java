package ai.crafted.gateway.chat;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.apikey.ApiKeyCaller;
import ai.crafted.gateway.apikey.ApiKeyRegistry;
import ai.crafted.gateway.apikey.ApiKeyUsage;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.replay.ReadYourWrites;
import ai.crafted.secrets.FailedAuthenticationLimiter;

/**
 * The organisation of a request's API key ({@code Authorization: Bearer <key>}), for every
 * OpenAI-compatible route alike: one throttle of invalid keys per client for all of them, so
 * a client cannot double its guesses by using two endpoints.
 */
@ApplicationScoped
public class ApiKeyAuthentication {

    private final ApiKeyRegistry apiKeys;
    private final ReadYourWrites readYourWrites;
    private final FailedAuthenticationLimiter limiter;
    private final ApiKeyUsage usage;

    public ApiKeyAuthentication(ApiKeyRegistry apiKeys, ReadYourWrites readYourWrites, GatewayConfig config, ApiKeyUsage usage) {
        this.apiKeys = apiKeys;
        this.readYourWrites = readYourWrites;
        this.usage = usage;
        this.limiter = new FailedAuthenticationLimiter(config.authLimit());
    }

    /**
     * What every route does first: once the gateway's view holds what Kafka had acknowledged when
     * the request arrived ({@link ReadYourWrites}), runs {@code action} with the request's
     * organisation, on the request's context; a refused request has been answered and
     * {@code action} does not run ({@link #callerOf}).
     */
    public void withOrganization(RoutingContext rc, Consumer<UUID> action) {
        withCaller(rc, caller -> action.accept(caller.organizationId()));
    }

    /** As {@link #withOrganization}, with the whole caller: its key and the key's plugin scope. */
    public void withCaller(RoutingContext rc, Consumer<ApiKeyCaller> action) {
        readYourWrites.thenOnContext(() -> callerOf(rc).ifPresent(action));
    }

    /**
     * The caller of the request's API key (its use is reported, see {@link ApiKeyUsage}); empty
     * when the request was refused, and then the answer has been sent: 401 {@code invalid_api_key} (missing, unknown or revoked key, or more
     * than one Authorization header), or 429 {@code rate_limit_exceeded} with Retry-After for a
     * client (remote address) that has presented too many invalid keys, without its key being
     * looked at, until its allowance refills ({@code gateway.auth-limit.*}).
     */
    public Optional<ApiKeyCaller> callerOf(RoutingContext rc) {
        String client = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host();
        long retryAfter = limiter.retryAfterSeconds(client);
        if (retryAfter > 0) {
            rc.response().putHeader("Retry-After", Long.toString(retryAfter));
            OpenAiErrors.send(rc, 429, "too many requests with invalid API keys from this client; retry after "
                    + retryAfter + " s", "requests", "rate_limit_exceeded", null);
            return Optional.empty();
        }
        if (rc.request().headers().getAll("Authorization").size() > 1) {
            // Proxies and frameworks disagree on which of several values wins: refuse them all.
            limiter.failed(client);
            OpenAiErrors.send(rc, 401, "send one Authorization header", "invalid_request_error", "invalid_api_key", null);
            return Optional.empty();
        }
        String header = rc.request().getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Optional<ApiKeyCaller> caller = apiKeys.callerOf(key);
        if (caller.isEmpty()) {
            limiter.failed(client);
            OpenAiErrors.send(rc, 401, key == null ? "missing API key: send Authorization: Bearer <key>"
                    : "invalid, revoked or expired API key", "invalid_request_error", "invalid_api_key", null);
        } else {
            usage.used(caller.get());
        }
        return caller;
    }
}
