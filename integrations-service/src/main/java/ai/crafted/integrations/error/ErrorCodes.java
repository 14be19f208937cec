package ai.crafted.integrations.error;

/** Every machine code the control-panel API returns; listed in the README. */
public final class ErrorCodes {

    public static final String INVALID_INTEGRATION_CONFIG = "invalid_integration_config";
    public static final String INTEGRATION_SLUG_CONFLICT = "integration_slug_conflict";
    public static final String INVALID_CREDENTIAL = "invalid_credential";
    public static final String CREDENTIAL_NAME_CONFLICT = "credential_name_conflict";
    public static final String CREDENTIAL_IN_USE = "credential_in_use";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
