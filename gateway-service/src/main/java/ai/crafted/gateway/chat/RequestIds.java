package ai.crafted.gateway.chat;

import java.util.UUID;

import io.vertx.ext.web.RoutingContext;

/**
 * Every gateway response carries the gateway's own request id, {@code x-gateway-request-id} (a
 * random UUID, also in the gateway's log lines about the request), and {@code x-request-id},
 * which the OpenAI SDKs show as the response's request id: the gateway's until the provider's own
 * replaces it ({@code gateway.provider-headers}), so a support question can always quote one.
 * Assigned by the first handler of every request ({@link HttpLevelErrors}).
 */
public final class RequestIds {

    /** The gateway's request id header. */
    public static final String HEADER = "x-gateway-request-id";
    /** The header OpenAI and its SDKs use for the request id. */
    static final String OPENAI_HEADER = "x-request-id";
    private static final String KEY = "gateway.request-id";

    private RequestIds() {
    }

    /** Gives the request its id (both headers) and passes it on. */
    static void assign(RoutingContext rc) {
        String id = UUID.randomUUID().toString();
        rc.put(KEY, id);
        rc.response().putHeader(HEADER, id).putHeader(OPENAI_HEADER, id);
        rc.next();
    }

    /** The request's gateway id ("unknown" outside a gateway route). */
    public static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        return id == null ? "unknown" : id;
    }
}
