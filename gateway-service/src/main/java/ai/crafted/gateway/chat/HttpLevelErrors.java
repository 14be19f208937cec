package ai.crafted.gateway.chat;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.http.BodyMediaType;
import ai.crafted.http.RequestBodyGuard;

/**
 * Errors that happen before a gateway route runs, in OpenAI's error shape like every other
 * gateway error: a body over {@code gateway.http.max-body-bytes} (413 {@code payload_too_large}),
 * a body not received within {@code gateway.http.body-timeout} (408 {@code request_timeout}), a
 * form or multipart body (415 {@code unsupported_media_type}), a
 * known path with another method (405 {@code method_not_allowed}, with {@code Allow}), and an
 * unknown path (404 {@code unknown_url}), so an SDK always gets a JSON error to show. The same
 * first route gives every request its id ({@link RequestIds}).
 */
@ApplicationScoped
public class HttpLevelErrors {

    /** The methods each gateway path answers, for 405's Allow header. */
    private static final Map<String, String> ALLOWED = Map.of("/v1/chat/completions", "POST", "/v1/models", "GET",
            "/v1/responses", "POST");
    /** Paths with a response id ({@code /v1/responses/{id}}, {@code …/cancel}) and their methods. */
    private static final java.util.regex.Pattern RESPONSE = java.util.regex.Pattern.compile("/v1/responses/[^/]+");
    private static final java.util.regex.Pattern RESPONSE_CANCEL = java.util.regex.Pattern.compile("/v1/responses/[^/]+/cancel");
    private static final java.util.regex.Pattern RESPONSE_INPUT_ITEMS = java.util.regex.Pattern.compile("/v1/responses/[^/]+/input_items");

    private final RequestBodyGuard bodyGuard;

    public HttpLevelErrors(Vertx vertx, GatewayConfig config) {
        this.bodyGuard = new RequestBodyGuard(vertx, config.http().maxBodyBytes(), config.http().bodyTimeout(),
                HttpLevelErrors::write);
    }

    void register(@Observes Router router) {
        // The request id first, so even a refused body (413, 408) names its request.
        router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign).handler(bodyGuard::handle)
                .handler(HttpLevelErrors::refuseForms).failureHandler(bodyGuard::handleFailure);
        // The routes are registered per method, so Vert.x reports a known path with another method as 404.
        router.errorHandler(404, this::notFound);
        router.errorHandler(405, this::notFound);
    }

    /**
     * A form or multipart body is refused with 415 {@code unsupported_media_type} before Vert.x
     * decodes it into attributes (which fails with a bare 500 on a field over 2 KiB). {@code curl -d}
     * without {@code -H 'Content-Type: application/json'} sends exactly this; OpenAI reads such a
     * body as a form and answers that {@code model} is missing, which hides the cause. A body with
     * no Content-Type or another one is read as JSON, as before.
     */
    private static void refuseForms(RoutingContext context) {
        if (BodyMediaType.isFormBody(context.request())) {
            OpenAiErrors.send(context, 415, "the request body must be JSON: send it with Content-Type: application/json, not "
                    + context.request().getHeader("Content-Type"), "invalid_request_error", "unsupported_media_type", null);
            return;
        }
        context.next();
    }

    private void notFound(RoutingContext context) {
        String path = context.normalizedPath();
        String allowed = RESPONSE_CANCEL.matcher(path).matches() ? "POST"
                : RESPONSE_INPUT_ITEMS.matcher(path).matches() ? "GET"
                : RESPONSE.matcher(path).matches() ? "GET, DELETE" : ALLOWED.get(path);
        if (allowed != null) {
            context.response().putHeader("Allow", allowed);
            OpenAiErrors.send(context, 405, context.request().method() + " is not allowed on " + context.normalizedPath()
                    + "; use " + allowed, "invalid_request_error", "method_not_allowed", null);
            return;
        }
        OpenAiErrors.send(context, 404, "unknown URL: " + context.request().method() + " " + context.normalizedPath(),
                "invalid_request_error", "unknown_url", null);
    }

    private static void write(RoutingContext context, int status, String message) {
        String code = switch (status) {
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            default -> "invalid_request";
        };
        OpenAiErrors.send(context, status, message, "invalid_request_error", code, null);
    }
}
