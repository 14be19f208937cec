package ai.crafted.whatsapp.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.http.BodyMediaType;
import ai.crafted.http.EchoedText;
import ai.crafted.http.RequestBodyGuard;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Every error of the worker's HTTP surface as {@code {"error":{"code","message"}}}: refused
 * verifications and signatures, unreadable deliveries, a full queue, and (registered on the
 * router) unknown paths (404 {@code not_found}), other methods on the webhook (405
 * {@code method_not_allowed} with {@code Allow: GET, POST}), bodies over
 * {@code whatsapp.webhooks.max-body-bytes} (413 {@code payload_too_large}) and bodies not received
 * within {@code whatsapp.webhooks.body-timeout} (408 {@code request_timeout}), form bodies (415
 * {@code unsupported_media_type}). Meta ignores the
 * bodies; people debugging a webhook do not.
 */
@ApplicationScoped
public class WebhookErrors {

    private final RequestBodyGuard bodyGuard;

    public WebhookErrors(Vertx vertx, WorkerConfig config) {
        this.bodyGuard = new RequestBodyGuard(vertx, config.webhooks().maxBodyBytes(), config.webhooks().bodyTimeout(),
                (context, status, message) -> send(context, status, switch (status) {
                    case 408 -> "request_timeout";
                    case 413 -> "payload_too_large";
                    default -> "invalid_request";
                }, message));
    }

    static final String WEBHOOK_PREFIX = "/webhooks/whatsapp/";

    /** Ends the response with the status and the error body; the message passes through {@link EchoedText}. */
    static void send(RoutingContext rc, int status, String code, String message) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", EchoedText.of(message, EchoedText.MESSAGE_LIMIT))).encode());
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(bodyGuard::handle).handler(WebhookErrors::refuseForms)
                .failureHandler(bodyGuard::handleFailure);
        // The webhook routes are registered per method, so Vert.x reports another method as 404 too.
        router.errorHandler(404, this::notFound);
        router.errorHandler(405, this::notFound);
    }

    /**
     * A form or multipart body gets 415 {@code unsupported_media_type} before Vert.x decodes it into
     * attributes (a bare 500 on a field over 2 KiB). Meta delivers {@code application/json}; other
     * types are still read as they are, so a delivery is never lost over its declared type.
     */
    private static void refuseForms(RoutingContext rc) {
        if (BodyMediaType.isFormBody(rc.request())) {
            send(rc, 415, "unsupported_media_type", "WhatsApp deliveries are application/json, not "
                    + rc.request().getHeader("Content-Type"));
            return;
        }
        rc.next();
    }

    /** 405 on a webhook path (one non-empty app-id segment), 404 elsewhere, including {@code /webhooks/whatsapp/}. */
    private void notFound(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith(WEBHOOK_PREFIX) && path.length() > WEBHOOK_PREFIX.length()
                && path.indexOf('/', WEBHOOK_PREFIX.length()) < 0) {
            rc.response().putHeader("Allow", "GET, POST");
            send(rc, 405, "method_not_allowed", rc.request().method() + " is not allowed on a webhook; WhatsApp uses GET and POST");
            return;
        }
        send(rc, 404, "not_found", "unknown URL: " + rc.request().method() + " " + path);
    }
}
