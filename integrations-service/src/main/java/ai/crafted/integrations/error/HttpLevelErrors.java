package ai.crafted.integrations.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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

    private final Vertx vertx;
    private final long bodyTimeoutMs;
    private final long maxBodyBytes;
    private final FailedAuthenticationLimiter limiter;

    public HttpLevelErrors(Vertx vertx, IntegrationsConfig config) {
        this.vertx = vertx;
        this.limiter = new FailedAuthenticationLimiter(config.authLimit().failures(), config.authLimit().window(), 100_000);
        this.bodyTimeoutMs = config.http().bodyTimeout().toMillis();
        this.maxBodyBytes = config.http().maxBodyBytes();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::throttleInvalidTokens).handler(this::boundBodyRead)
                .failureHandler(this::handle);
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

    /**
     * A client that starts a request and never finishes its body would hold a connection open
     * indefinitely: after {@code integrations.http.body-timeout} (30 s) an unfinished body gets
     * 408 and the connection is closed. Requests whose body arrived are not affected, however
     * long they take to answer.
     */
    private void boundBodyRead(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && exceeds(length)) {
            context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(Json.encode(ErrorResponse.of(ErrorCodes.PAYLOAD_TOO_LARGE,
                            "the request body is larger than " + maxBodyBytes + " bytes", null)));
            return;
        }
        boolean declaresBody = length != null ? !length.trim().equals("0")
                : context.request().getHeader("Transfer-Encoding") != null;
        if (!declaresBody) {
            context.next();
            return;
        }
        long timer = vertx.setTimer(bodyTimeoutMs, id -> {
            if (!context.request().isEnded() && !context.response().ended()) {
                context.response().setStatusCode(408).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ErrorResponse.of(ErrorCodes.REQUEST_TIMEOUT,
                                "the request body was not received within " + bodyTimeoutMs / 1000 + " s", null)))
                        .onComplete(ignored -> context.request().connection().close());
            }
        });
        context.addEndHandler(ignored -> vertx.cancelTimer(timer));
        context.next();
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses malformed lengths itself
        }
    }

    private void handle(RoutingContext context) {
        int status = context.statusCode();
        String code = switch (status) {
            case 408 -> ErrorCodes.REQUEST_TIMEOUT;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 414, 431 -> ErrorCodes.INVALID_REQUEST;
            default -> null;
        };
        if (code == null || context.response().headWritten()) {
            context.next();
            return;
        }
        String message = switch (status) {
            case 408 -> "the request was not received in time";
            case 413 -> "the request body is too large";
            default -> "the request line or headers are too large";
        };
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.encode(ErrorResponse.of(code, message, null)));
    }
}
