package ai.crafted.gateway.responses;

/**
 * A {@code /v1/responses} request the gateway will not run, as the OpenAI error it answers:
 * status 400 unless said, {@code invalid_request_error}, a stable {@code code} and the
 * parameter's path in {@code param} (e.g. {@code input[2].content}).
 */
final class RequestRefused extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;

    RequestRefused(String message, String code, String param) {
        this(400, message, code, param);
    }

    RequestRefused(int status, String message, String code, String param) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String param() {
        return param;
    }
}
