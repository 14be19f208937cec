package ai.crafted.integrations.error;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

import ai.crafted.http.BodyMediaType;
import ai.crafted.http.RequestBodyGuard;
import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.secrets.FailedAuthenticationLimiter;

/**
 * Errors that happen below JAX-RS, before a resource is matched (a body over
 * {@code integrations.http.max-body-bytes}, a body that does not arrive in time, a body that is
 * not JSON), get the API's JSON error shape too instead of an empty body. (414 and 431 are answered by the HTTP codec
 * before any handler runs: status only, Quarkus offers no hook for their body.)
 */
@ApplicationScoped
public class HttpLevelErrors {

    /** Most fields a web UI form may have (the forms have at most a few dozen). */
    static final int MAX_FORM_FIELDS = 200;
    /** Longest value of one form field, in characters (the longest UI field, a system prompt, is 8,000). */
    static final int MAX_FORM_FIELD_CHARS = 64 * 1024;

    private final FailedAuthenticationLimiter limiter;
    private final RequestBodyGuard bodyGuard;
    private final Instance<ErrorPages> pages;

    public HttpLevelErrors(Vertx vertx, IntegrationsConfig config, Instance<ErrorPages> pages) {
        this.pages = pages;
        this.limiter = new FailedAuthenticationLimiter(config.authLimit());
        this.bodyGuard = new RequestBodyGuard(vertx, config.http().maxBodyBytes(), config.http().bodyTimeout(),
                HttpLevelErrors::write);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::throttleInvalidTokens).handler(bodyGuard::handle)
                .failureHandler(this::bodyReadFailure).failureHandler(bodyGuard::handleFailure);
        router.route().order(Integer.MIN_VALUE + 1).method(HttpMethod.POST).pathRegex("/ui/.*").handler(this::readForm);
        router.route().order(Integer.MIN_VALUE + 1).pathRegex("/organizations/.*").handler(HttpLevelErrors::requireJson);
    }

    /**
     * The JSON API reads {@code application/json} bodies only (charset and other parameters
     * allowed): a body declared with another media type, a {@code +json} one included, or with
     * none, is 415 before it is read. Without this a body with no Content-Type reached the resource, and
     * a form-typed one was decoded into attributes first (a bare 500 on a field over the form limit).
     */
    private static void requireJson(RoutingContext context) {
        if (BodyMediaType.declaresBody(context.request()) && !BodyMediaType.isApplicationJson(context.request().getHeader("Content-Type"))) {
            json(context, 415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
            return;
        }
        context.next();
    }

    /**
     * Web UI forms are read and checked here, before RESTEasy's form parser: that parser leaves a
     * request with bad percent-encoding or too many fields unanswered (an uncaught exception in
     * an I/O handler) and answers an over-long field with a bare 500. A checked body is handed on
     * as the request's body, which RESTEasy then parses without reading the connection again.
     * Multipart bodies (no UI form uses them) are refused with 415.
     */
    private void readForm(RoutingContext context) {
        String type = String.valueOf(context.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            respond(context, 415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "web UI forms are sent as application/x-www-form-urlencoded");
            return;
        }
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            context.next();
            return;
        }
        context.request().body().onComplete(read -> {
            if (read.failed()) {
                respond(context, 400, ErrorCodes.INVALID_REQUEST, "the form could not be read");
                return;
            }
            String problem = FormBodyCheck.problem(read.result().toString(StandardCharsets.ISO_8859_1),
                    MAX_FORM_FIELDS, MAX_FORM_FIELD_CHARS);
            if (problem != null) {
                respond(context, problem.startsWith("a field") ? 413 : 400,
                        problem.startsWith("a field") ? ErrorCodes.PAYLOAD_TOO_LARGE : ErrorCodes.INVALID_REQUEST, problem);
                return;
            }
            ((RoutingContextInternal) context).setBody(read.result());
            context.next();
        });
        // The router pauses requests until a handler wants the body.
        context.request().resume();
    }

    /**
     * Failures while a body is parsed below the resources (a multipart body cut short, a form over
     * Quarkus' limits) are the client's: 400/413 in the surface's shape, not a logged 500.
     */
    private void bodyReadFailure(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure == null || context.response().headWritten()) {
            context.next();
            return;
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 413) {
            respond(context, 413, ErrorCodes.PAYLOAD_TOO_LARGE, "a field of the request is too large");
        } else if (failure instanceof IOException || String.valueOf(failure.getMessage()).contains("Param limit")) {
            respond(context, 400, ErrorCodes.INVALID_REQUEST, "the request body could not be read");
        } else {
            context.next();
        }
    }

    /** An error in the shape of the request's surface: the UI's page on UI paths, the API's JSON elsewhere. */
    private void respond(RoutingContext context, int status, String code, String message) {
        String path = context.normalizedPath();
        for (ErrorPages surface : pages) {
            if (surface.renders(path)) {
                Response page = surface.page(status, code, message);
                context.response().setStatusCode(status).putHeader("Content-Type", String.valueOf(page.getMediaType()))
                        .end(String.valueOf(page.getEntity()));
                return;
            }
        }
        json(context, status, code, message);
    }

    /** The API's JSON error. */
    private static void json(RoutingContext context, int status, String code, String message) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.encode(ErrorResponse.of(code, message, null)));
    }

    /**
     * A client (remote address) whose bearer tokens failed too often gets 429 with Retry-After
     * for every request, until its allowance refills ({@code integrations.auth-limit.*}); every
     * 401 answered to a token-carrying request counts. Two or more Authorization headers are a 401
     * at once, like the gateway's.
     */
    private void throttleInvalidTokens(RoutingContext context) {
        String client = context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().host();
        long retryAfter = limiter.retryAfterSeconds(client);
        if (retryAfter > 0) {
            context.response().putHeader("Retry-After", Long.toString(retryAfter));
            json(context, 429, ErrorCodes.TOO_MANY_REQUESTS,
                    "too many requests with invalid tokens from this client; retry after " + retryAfter + " s");
            return;
        }
        if (context.request().getHeader("Authorization") == null) {
            context.next();
            return;
        }
        if (context.request().headers().getAll("Authorization").size() > 1) {
            // Which of two tokens a proxy or framework reads differs; neither is trusted, and it counts as a failure.
            limiter.failed(client);
            respond(context, 401, ErrorCodes.UNAUTHENTICATED, "send one Authorization header, not several");
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
        json(context, status, code, message);
    }
}
