package ai.crafted.mcp;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolDescriptor;

/**
 * A negotiated conversation with one MCP server: an initialised session (protocol 2025-11-25 and
 * older) or the discovered capabilities of a 2026-07-28 server, which keeps no session. Close it
 * when done. Calls may run concurrently.
 */
public interface McpSession {

    /** The protocol version in use: agreed in {@code initialize}, or 2026-07-28 after {@code server/discover}. */
    String protocolVersion();

    /** Every tool, following {@code nextCursor} to the end, with the catalog's version and caching hints. */
    Uni<ToolCatalog> listCatalog();

    /** The tools of {@link #listCatalog()}. */
    default Uni<List<ToolDescriptor>> listTools() {
        return listCatalog().map(ToolCatalog::tools);
    }

    /**
     * The {@code tools/call} result object (content, isError, structuredContent...). A 2026-07-28
     * {@code input_required} result comes back as a tool error ({@code isError: true}) whose text
     * says what the server asked for: the gateway cannot answer such requests yet.
     */
    Uni<JsonNode> callTool(String name, JsonNode arguments);

    /**
     * {@link #callTool(String, JsonNode)} knowing the tool's input schema: in 2026-07-28 each
     * argument whose property declares {@code x-mcp-header} is also sent as an
     * {@code Mcp-Param-*} header. {@code inputSchema} may be null.
     */
    Uni<JsonNode> callTool(String name, JsonNode arguments, JsonNode inputSchema);

    Uni<Void> ping();

    /** False once the session cannot carry calls any more (closed, or its event stream ended). */
    boolean isOpen();

    /** Whether the server declared {@code capabilities.tools.listChanged}. */
    boolean notifiesToolListChanges();

    /**
     * Opens a stream on which the server can send notifications (a GET stream for streamable HTTP,
     * {@code subscriptions/listen} for 2026-07-28; the legacy transport has one already): true
     * once it is open, false when the server offers none. Never fails.
     */
    Uni<Boolean> listen();

    /** Whether a notification stream is open now. */
    boolean isListening();

    /** Ends the session (DELETE for streamable HTTP, closing the stream for HTTP+SSE); never fails. */
    Uni<Void> close();
}
