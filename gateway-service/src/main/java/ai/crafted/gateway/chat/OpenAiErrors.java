package ai.crafted.gateway.chat;

import org.jboss.logging.Logger;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.upstream.ProviderHeaders;
import ai.crafted.gateway.upstream.UpstreamException;
import ai.crafted.http.EchoedText;

/** Every gateway error in OpenAI's shape: {@code {"error":{"message","type","code","param"}}}. */
public final class OpenAiErrors {

    private static final Logger LOG = Logger.getLogger(OpenAiErrors.class);

    private OpenAiErrors() {
    }

    /** The message of 400 {@code invalid_json}: a body that is not exactly one JSON object. */
    public static final String NOT_ONE_OBJECT = "the request body must be one JSON object (no duplicate keys, nothing after it)";

    /** Characters of a message kept before the ellipsis. */
    static final int MESSAGE_LIMIT = EchoedText.MESSAGE_LIMIT;

    /**
     * The OpenAI error object; message and param repeat client input often enough (a model name,
     * a field path) that both pass through {@link EchoedText} (controls and bidirectional
     * overrides escaped, bounded).
     */
    public static JsonObject body(String message, String type, String code, String param) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message == null ? null : EchoedText.of(message, MESSAGE_LIMIT)).put("type", type)
                .put("code", code).put("param", param == null ? null : EchoedText.of(param)));
    }

    public static void send(RoutingContext rc, int status, String message, String type, String code, String param) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body(message, type, code, param).encode());
    }

    public static void invalidRequest(RoutingContext rc, String message, String code, String param) {
        send(rc, 400, message, "invalid_request_error", code, param);
    }

    /** The provider's own OpenAI-shaped error passed on; otherwise the failure described. */
    private static void upstream(RoutingContext rc, UpstreamException e) {
        if (e.body() != null && e.body().contains("\"error\"")) {
            rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json").end(e.body());
            return;
        }
        send(rc, e.status() >= 400 ? e.status() : 502, e.getMessage(), "api_error",
                e.status() == 504 ? "upstream_timeout" : "upstream_error", null);
    }

    /**
     * Any failure of a chat as an HTTP answer: the provider's error passed on with its
     * forwardable headers, anything else 500 {@code internal_error}. After tool calls have run
     * ({@link FailedAfterToolCalls}) the answer says {@code x-should-retry: false} and carries no
     * {@code retry-after}: the SDKs retry 429 and 5xx by themselves, and a retry would run those
     * tools again.
     */
    public static void failure(RoutingContext rc, Throwable failure) {
        boolean toolsRan = failure instanceof FailedAfterToolCalls;
        Throwable cause = toolsRan ? failure.getCause() : failure;
        if (cause instanceof UpstreamException u) {
            ProviderHeaders.apply(u.providerHeaders(), rc.response());
        }
        if (toolsRan) {
            rc.response().headers().remove("retry-after").remove("retry-after-ms").set("x-should-retry", "false");
        }
        if (cause instanceof UpstreamException u) {
            upstream(rc, u);
            return;
        }
        LOG.errorf(cause, "chat completion %s failed", RequestIds.of(rc));
        send(rc, 500, "the gateway failed to complete the request", "api_error", "internal_error", null);
    }

    /** The error body that ends a stream ({@code event: error}) once the answer has started. */
    public static JsonObject streamed(RoutingContext rc, Throwable failure) {
        if (failure instanceof UpstreamException u && u.body() != null && u.body().contains("\"error\"")) {
            try {
                JsonObject provider = new JsonObject(u.body());
                if (provider.getValue("error") instanceof JsonObject) {
                    return provider; // the provider's own error, as a non-streamed request would get it
                }
            } catch (RuntimeException e) {
                // not JSON: described below
            }
        }
        if (failure instanceof UpstreamException u) {
            return body(u.getMessage(), "api_error", u.status() == 504 ? "upstream_timeout" : "upstream_error", null);
        }
        LOG.errorf(failure, "streamed chat completion %s failed", RequestIds.of(rc));
        return body("the gateway failed to complete the request", "api_error", "internal_error", null);
    }
}
