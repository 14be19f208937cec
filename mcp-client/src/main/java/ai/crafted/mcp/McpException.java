package ai.crafted.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every way talking to an MCP server can fail, with a message a user can act on (it ends up in
 * the plugin list as {@code lastRefreshError}).
 */
public class McpException extends RuntimeException {

    public enum Kind {
        /** The server answered with an HTTP error status (401, 403, 404, 5xx...). */
        HTTP_STATUS,
        /** No answer within the integration's timeout. */
        TIMEOUT,
        /** TCP/TLS connection failed (refused, unknown host, reset). */
        CONNECTION,
        /** The host resolves to an address integrations may not reach. */
        BLOCKED_ADDRESS,
        /** The answer is not valid MCP/JSON-RPC. */
        MALFORMED_RESPONSE,
        /** The server answered with a JSON-RPC error object. */
        JSON_RPC_ERROR,
        /** The answer exceeded the response size cap. */
        RESPONSE_TOO_LARGE,
        /** The server speaks a protocol version we do not support. */
        UNSUPPORTED_PROTOCOL
    }

    private final Kind kind;
    private final int httpStatus;
    private final Integer rpcCode;
    private final transient JsonNode rpcData;
    private final java.util.List<String> authenticateChallenges;

    public McpException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public McpException(Kind kind, String message, int httpStatus, Throwable cause) {
        this(kind, message, httpStatus, cause, null, null);
    }

    /**
     * @param rpcCode the JSON-RPC error code the server sent (in a result or an HTTP error body), or null
     * @param rpcData that error's {@code data}, or null
     */
    public McpException(Kind kind, String message, int httpStatus, Throwable cause, Integer rpcCode, JsonNode rpcData) {
        this(kind, message, httpStatus, cause, rpcCode, rpcData, java.util.List.of());
    }

    private McpException(Kind kind, String message, int httpStatus, Throwable cause, Integer rpcCode, JsonNode rpcData,
            java.util.List<String> authenticateChallenges) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.rpcCode = rpcCode;
        this.rpcData = rpcData;
        this.authenticateChallenges = java.util.List.copyOf(authenticateChallenges);
    }

    /**
     * This failure with the {@code WWW-Authenticate} values of the answer (a 401 or 403 of an
     * OAuth-protected server says there where its metadata is and which scope it wants).
     */
    public McpException withAuthenticateChallenges(java.util.List<String> challenges) {
        McpException copy = new McpException(kind, getMessage(), httpStatus, getCause(), rpcCode, rpcData,
                challenges == null ? java.util.List.of() : challenges);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The answer's {@code WWW-Authenticate} values for an HTTP 401 or 403; empty otherwise. */
    public java.util.List<String> authenticateChallenges() {
        return authenticateChallenges;
    }

    /** The server's JSON-RPC error code, or null when it sent none. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /** The server's JSON-RPC error data, or null; may hold anything the server put there (never shown as is). */
    public JsonNode rpcData() {
        return rpcData;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#HTTP_STATUS}, else 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server refused the request's credentials: HTTP 401 or 403 (RFC 6750 section 3.1). */
    public boolean credentialsRefused() {
        return httpStatus == 401 || httpStatus == 403;
    }
}
