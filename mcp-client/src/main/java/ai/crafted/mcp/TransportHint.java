package ai.crafted.mcp;

import ai.crafted.events.McpTransport;

/**
 * Says which transport to try when the first request of a session is refused the way a server of
 * the other transport refuses it: HTTP 400, 404 or 405 (a streamable HTTP server answers the
 * legacy transport's GET with 405; a legacy server knows no POST to the SSE URL), or a stream
 * request answered with something other than an event stream.
 */
final class TransportHint {

    private TransportHint() {
    }

    static boolean wrongTransport(Throwable failure) {
        if (!(failure instanceof McpException e) || e.rpcCode() != null) {
            // A JSON-RPC error body means an MCP server answered on this transport: not a transport mix-up.
            return false;
        }
        return e.kind() == McpException.Kind.HTTP_STATUS && (e.httpStatus() == 400 || e.httpStatus() == 404
                || e.httpStatus() == 405)
                || e.kind() == McpException.Kind.MALFORMED_RESPONSE && String.valueOf(e.getMessage()).contains("content type");
    }

    /** The failure with a sentence naming the other transport appended. */
    static McpException suggest(Throwable failure, McpTransport other) {
        McpException e = (McpException) failure;
        String advice = other == McpTransport.HTTP_SSE
                ? "; if this server uses the older HTTP+SSE transport, set the integration's transport to http-sse"
                : "; if this server uses Streamable HTTP, set the integration's transport to streamable-http";
        return new McpException(e.kind(), e.getMessage() + advice, e.httpStatus(), e, e.rpcCode(), e.rpcData());
    }
}
