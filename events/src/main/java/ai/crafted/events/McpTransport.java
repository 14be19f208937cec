package ai.crafted.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two MCP HTTP transports an integration can use, with the wire names of the product spec. */
public enum McpTransport {
    /** The current transport (MCP 2025-03-26 and later): JSON-RPC POSTs answered with JSON or an SSE stream. */
    STREAMABLE_HTTP("streamable-http"),
    /** The 2024-11-05 transport: a GET SSE stream plus POSTs to the endpoint it announces. */
    HTTP_SSE("http-sse");

    private final String wireName;

    McpTransport(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The wire name, so that templates, messages and logs show what the API shows. */
    @Override
    public String toString() {
        return wireName;
    }

    /**
     * @throws IllegalArgumentException for anything but the two wire names
     */
    @JsonCreator
    public static McpTransport fromWire(String value) {
        for (McpTransport t : values()) {
            if (t.wireName.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown MCP transport: " + value);
    }
}
