package ai.crafted.gateway.upstream;

/**
 * The upstream answered with an error status (its body is kept to pass on in OpenAI's shape)
 * or could not be reached (status 502/504, body null).
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final String body;

    public UpstreamException(int status, String body, String message) {
        super(message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The upstream's own error body, or null when it never answered. */
    public String body() {
        return body;
    }
}
