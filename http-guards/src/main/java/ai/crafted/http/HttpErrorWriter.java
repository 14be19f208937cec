package ai.crafted.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Ends a response with an error in the calling service's own JSON shape (the control panel's
 * {@code {"error":{"code","message"}}}, the gateway's OpenAI {@code {"error":{"message","type","code","param"}}}).
 */
@FunctionalInterface
public interface HttpErrorWriter {

    /**
     * @param status  the HTTP status: 408, 413, 414 or 431 from {@link RequestBodyGuard}
     * @param message a sentence for the client; never contains request data
     */
    void write(RoutingContext context, int status, String message);
}
