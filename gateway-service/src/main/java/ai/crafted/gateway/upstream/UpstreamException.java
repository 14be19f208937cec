package ai.crafted.gateway.upstream;

import io.vertx.core.MultiMap;

/**
 * The upstream answered with an error status (its body is kept to pass on in OpenAI's shape)
 * or could not be reached (status 502/504, body null). An answered error keeps the provider
 * headers that may reach the client ({@link ProviderHeaders}): a 429's {@code retry-after} is
 * what the client's SDK backs off by.
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final String body;
    private final MultiMap providerHeaders;

    public UpstreamException(int status, String body, String message) {
        this(status, body, message, MultiMap.caseInsensitiveMultiMap());
    }

    /**
     * @param providerHeaders the provider's forwardable response headers ({@link ProviderHeaders#forwardable})
     */
    public UpstreamException(int status, String body, String message, MultiMap providerHeaders) {
        super(message);
        this.status = status;
        this.body = body;
        this.providerHeaders = providerHeaders;
    }

    public int status() {
        return status;
    }

    /** The upstream's own error body, or null when it never answered. */
    public String body() {
        return body;
    }

    /** The provider's headers to pass on with the error (empty when it never answered). */
    public MultiMap providerHeaders() {
        return providerHeaders;
    }
}
