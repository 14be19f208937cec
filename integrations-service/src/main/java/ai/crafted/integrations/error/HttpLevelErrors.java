package ai.crafted.integrations.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.http.RequestBodyGuard;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.secrets.FailedAuthenticationLimiter;

/**
 * Errors that happen below JAX-RS, before a resource is matched (a body over
 * {@code integrations.http.max-body-bytes}, a body that does not arrive in time), get the API's
 * JSON error shape too instead of an empty body. (414 and 431 are answered by the HTTP codec
 * before any handler runs: status only, Quarkus offers no hook for their body.)
 */
@ApplicationScoped
public class HttpLevelErrors {

    private final FailedAuthenticationLimiter limiter;
    private final RequestBodyGuard bodyGuard;

    public HttpLevelErrors(Vertx vertx, IntegrationsConfig config) {
        this.limiter = new FailedAuthenticationLimiter(config.authLimit().failures(), config.authLimit().window(), 100_000);
        this.bodyGuard = new RequestBodyGuard(vertx, config.http().maxBodyBytes(), config.http().bodyTimeout(),
                HttpLevelErrors::write);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::throttleInvalidTokens).handler(bodyGuard::handle)
                .failureHandler(bodyGuard::handleFailure);
    }

    /**
     * A client (remote address) whose bearer tokens failed too often gets 429 with Retry-After
     * for requests that carry a token, until its allowance refills ({@code integrations.auth-limit.*});
     * every 401 answered to a token-carrying request counts.
     */
    private void throttleInvalidTokens(RoutingContext context) {
        if (context.request().getHeader("Authorization") == null) {
            context.next();
            return;
        }
        String client = context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().host();
        long retryAfter = limiter.retryAfterSeconds(client);
        if (retryAfter > 0) {
            context.response().setStatusCode(429).putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", Long.toString(retryAfter))
                    .end(Json.encode(ErrorResponse.of(ErrorCodes.TOO_MANY_REQUESTS,
                            "too many requests with invalid tokens from this client; retry after " + retryAfter + " s",
                            null)));
            return;
        }
        context.addHeadersEndHandler(ignored -> {
            if (context.response().getStatusCode() == 401) {
                limiter.failed(client);
            }
        });
        context.next();
    }

    private static void write(RoutingContext context, int status, String message) {
        String code = switch (status) {
            case 408 -> ErrorCodes.REQUEST_TIMEOUT;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            default -> ErrorCodes.INVALID_REQUEST;
        };
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.encode(ErrorResponse.of(code, message, null)));
    }
}
