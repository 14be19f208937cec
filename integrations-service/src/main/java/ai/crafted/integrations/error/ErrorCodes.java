package ai.crafted.integrations.error;

/** Every machine code the control-panel API returns; listed in the README. */
public final class ErrorCodes {

    public static final String INVALID_INTEGRATION_CONFIG = "invalid_integration_config";
    public static final String INTEGRATION_SLUG_CONFLICT = "integration_slug_conflict";
    public static final String INVALID_CREDENTIAL = "invalid_credential";
    public static final String CREDENTIAL_NAME_CONFLICT = "credential_name_conflict";
    public static final String CREDENTIAL_IN_USE = "credential_in_use";
    /** Connect could not start: the MCP server's authorization metadata, or a client registration, failed. */
    public static final String OAUTH_CONNECT_FAILED = "oauth_connect_failed";
    public static final String REFRESH_TIMEOUT = "refresh_timeout";
    public static final String INVALID_WHATSAPP_APP = "invalid_whatsapp_app";
    public static final String WHATSAPP_PHONE_NUMBER_CONFLICT = "whatsapp_phone_number_conflict";
    /** An operator's action (retry, mark failed) on a WhatsApp message that is neither parked nor failed. */
    public static final String WHATSAPP_MESSAGE_STATE_CONFLICT = "whatsapp_message_state_conflict";
    /** A decision on an approval that is no longer pending (decided, used, or a decision already sent). */
    public static final String APPROVAL_NOT_PENDING = "approval_not_pending";
    /** A decision on a pending approval whose time ran out: the gateway runs no call after it. */
    public static final String APPROVAL_EXPIRED = "approval_expired";
    /** Accepting a tool version that is no longer the tool's current one: the admin saw another version. */
    public static final String TOOL_VERSION_CONFLICT = "tool_version_conflict";
    public static final String CSRF_TOKEN_INVALID = "csrf_token_invalid";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String REQUEST_TIMEOUT = "request_timeout";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String TOO_MANY_REQUESTS = "too_many_requests";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String CONCURRENT_UPDATE = "concurrent_update";
    /** A write with {@code If-Match} whose entity tag is no longer the record's: someone changed it meanwhile. */
    public static final String PRECONDITION_FAILED = "precondition_failed";
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
