package ai.crafted.mcp;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolDescriptor;

/** An initialised conversation with one MCP server. Close it when done. */
public interface McpSession {

    /** The protocol version both sides agreed on in {@code initialize}. */
    String protocolVersion();

    /** Every tool the server offers, following {@code nextCursor} to the last page. */
    /** Every tool, following {@code nextCursor} to the end, with the catalog's version. */
    Uni<ToolCatalog> listCatalog();

    /** The tools of {@link #listCatalog()}. */
    default Uni<List<ToolDescriptor>> listTools() {
        return listCatalog().map(ToolCatalog::tools);
    }

    /** The {@code tools/call} result object (content, isError, structuredContent...). */
    Uni<JsonNode> callTool(String name, JsonNode arguments);

    Uni<Void> ping();

    /** Ends the session (DELETE for streamable HTTP, closing the stream for HTTP+SSE); never fails. */
    Uni<Void> close();
}
