package ai.crafted.gateway.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import ai.crafted.gateway.upstream.UpstreamException;

/** Every gateway error in OpenAI's shape: {@code {"error":{"message","type","code","param"}}}. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static JsonObject body(String message, String type, String code, String param) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                .put("code", code).put("param", param));
    }

    static void send(RoutingContext rc, int status, String message, String type, String code, String param) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body(message, type, code, param).encode());
    }

    static void invalidRequest(RoutingContext rc, String message, String code, String param) {
        send(rc, 400, message, "invalid_request_error", code, param);
    }

    /** Passes the provider's own OpenAI-shaped error on; otherwise describes the failure. */
    static void upstream(RoutingContext rc, UpstreamException e) {
        if (e.body() != null && e.body().contains("\"error\"")) {
            rc.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json").end(e.body());
            return;
        }
        send(rc, e.status() >= 400 ? e.status() : 502, e.getMessage(), "api_error",
                e.status() == 504 ? "upstream_timeout" : "upstream_error", null);
    }
}
