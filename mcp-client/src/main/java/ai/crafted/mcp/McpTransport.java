package ai.crafted.mcp;

/** The two HTTP transports an integration can use. */
public enum McpTransport {
    /** The current transport: JSON-RPC POSTs answered with JSON or an SSE stream. */
    STREAMABLE_HTTP("streamable-http"),
    /** The 2024-11-05 transport: a GET SSE stream plus POSTs to the endpoint it announces. */
    HTTP_SSE("http-sse");

    private final String wireName;

    McpTransport(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static McpTransport fromWire(String value) {
        for (McpTransport t : values()) {
            if (t.wireName.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown MCP transport: " + value);
    }
}
