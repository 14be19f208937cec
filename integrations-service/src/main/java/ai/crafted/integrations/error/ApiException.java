package ai.crafted.integrations.error;

/**
 * A failure the API reports to the caller with a stable machine code. Thrown from services;
 * {@link ApiExceptionMapper} turns it into the one error shape of the control-panel API.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException invalidConfig(String field, String message) {
        return new ApiException(400, ErrorCodes.INVALID_INTEGRATION_CONFIG, message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, ErrorCodes.NOT_FOUND, what + " not found", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
