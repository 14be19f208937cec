package ai.crafted.integrations.error;

import java.util.List;

import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a query parameter that may be given at most once. JAX-RS hands a {@code String}
 * parameter the first of several values, and proxies and frameworks disagree on which one wins,
 * so a repeated parameter is refused instead of guessed at. {@code ?name=} is one empty value,
 * not an absent one: the caller's own check refuses it like any other malformed value. Values
 * are read from the Vert.x request, which keeps empty ones (RESTEasy drops them).
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @param request the request; its query is read, percent-decoded as UTF-8
     * @param name    the parameter, named in the error
     * @return the one value, possibly empty; null when the parameter is absent
     * @throws ApiException 400 {@code invalid_request} with {@code field = name} when it is given more than once
     */
    public static String single(HttpServerRequest request, String name) {
        return single(name, request.params().getAll(name));
    }

    /**
     * @param name   the parameter, named in the error
     * @param values every value sent (null or empty when absent)
     * @return the one value, possibly empty; null when the parameter is absent
     * @throws ApiException 400 {@code invalid_request} with {@code field = name} when it is given more than once
     */
    public static String single(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, name + " must be given once", name);
        }
        return values.get(0);
    }
}
