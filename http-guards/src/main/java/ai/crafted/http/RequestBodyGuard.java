package ai.crafted.http;

import java.time.Duration;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses what no route can read (several Content-Type headers: 400) and bounds what a client can make a service hold: a body declared larger than {@code maxBodyBytes}
 * is answered 413 at once (before a byte of it is read), and a declared body that has not fully
 * arrived {@code bodyTimeout} after the request started is answered 408 and its connection
 * closed. Requests whose body arrived are not affected, however long they take to answer.
 *
 * <p>Register {@link #handle} as the first route handler and {@link #handleFailure} as a failure
 * handler: the latter gives the errors Vert.x raises itself below the routes (413 from the body
 * handler's own limit, 408, 414, 431 where they reach the router) the same JSON shape. 414 and
 * 431 answered by the HTTP codec before any route runs stay status-only (no hook exists,
 * quarkusio/quarkus#55082).
 */
public final class RequestBodyGuard {

    private final Vertx vertx;
    private final long maxBodyBytes;
    private final long bodyTimeoutMs;
    private final HttpErrorWriter errors;

    /**
     * @param maxBodyBytes largest accepted body, in bytes
     * @param bodyTimeout  time from the request head to the body's last byte
     */
    public RequestBodyGuard(Vertx vertx, long maxBodyBytes, Duration bodyTimeout, HttpErrorWriter errors) {
        this.vertx = vertx;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeoutMs = bodyTimeout.toMillis();
        this.errors = errors;
    }

    /**
     * Route handler: refuses a request with several Content-Type headers (400: which one a
     * framework reads differs), arms the body-read timer, refuses an oversized declared length,
     * else {@code next()}.
     */
    public void handle(RoutingContext context) {
        if (context.request().headers().getAll("Content-Type").size() > 1) {
            errors.write(context, 400, "send one Content-Type header, not several");
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && exceeds(length)) {
            // Answered at once; a client that then withholds the body it declared is cut off by the timer.
            vertx.setTimer(bodyTimeoutMs, id -> bodyTimedOut(context));
            context.response().putHeader("Connection", "close");
            errors.write(context, 413, "the request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        if (BodyMediaType.declaresBody(context.request())) {
            long timer = vertx.setTimer(bodyTimeoutMs, id -> bodyTimedOut(context));
            context.addEndHandler(ignored -> vertx.cancelTimer(timer));
        }
        context.next();
    }

    private void bodyTimedOut(RoutingContext context) {
        // A body read by a route handler (and handed on with setBody) has arrived even where the
        // request seen here does not say it ended (a wrapped request): a slow answer is no late body.
        if (context.request().isEnded() || context.body() != null && context.body().buffer() != null) {
            return;
        }
        if (context.response().ended()) {
            context.request().connection().close();
            return;
        }
        context.response().putHeader("Connection", "close");
        context.response().endHandler(ignored -> context.request().connection().close());
        errors.write(context, 408, "the request body was not received within " + bodyTimeoutMs / 1000 + " s");
    }

    /**
     * Failure handler: 408, 413, 414 and 431 in the service's shape (a 413 closes the connection,
     * so a client still sending a chunked body is cut off instead of read to its end); a client
     * that closed its connection mid-request is nobody's error (nothing to answer, nothing logged:
     * anyone could fill the error log with such requests); anything else goes on.
     */
    public void handleFailure(RoutingContext context) {
        if (context.failure() instanceof HttpClosedException || context.response().closed()) {
            return;
        }
        int status = context.statusCode();
        String message = switch (status) {
            case 408 -> "the request was not received in time";
            case 413 -> "the request body is larger than " + maxBodyBytes + " bytes";
            case 414, 431 -> "the request line or headers are too large";
            default -> null;
        };
        if (message == null || context.response().headWritten()) {
            context.next();
            return;
        }
        if (status == 413) {
            context.response().putHeader("Connection", "close");
            context.response().endHandler(ignored -> context.request().connection().close());
        }
        errors.write(context, status, message);
    }

    /** Whether a Content-Length value exceeds the limit; a malformed one is the HTTP codec's to refuse. */
    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
