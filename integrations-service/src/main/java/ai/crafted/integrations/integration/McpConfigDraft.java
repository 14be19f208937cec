package ai.crafted.integrations.integration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;

/** How to reach the MCP server. {@code transport} defaults to streamable-http. */
@ErrorCode(ErrorCodes.INVALID_INTEGRATION_CONFIG)
public record McpConfigDraft(
        @NotBlank(message = "is required") @Size(max = 2048, message = "must be at most 2048 characters")
        @Schema(examples = "https://mcp.example.com") String endpoint,

        @Schema(examples = "streamable-http", enumeration = { "streamable-http", "http-sse" }) McpTransport transport,

        @Min(value = 1, message = "must be at least 1 ms")
        @Max(value = McpServerConfig.MAX_TIMEOUT_MS, message = "must be at most 60000 ms (the 60 second cap)")
        @Schema(examples = "30000", minimum = "1", maximum = "60000") Integer timeoutMs,

        @Min(value = McpServerConfig.MIN_TOOL_RESULT_CHARS, message = "must be at least 256 characters")
        @Max(value = McpServerConfig.MAX_TOOL_RESULT_CHARS, message = "must be at most 1048576 characters (the hard cap)")
        @Schema(description = "Longest tool result passed to the model, in characters; longer ones are cut with a note. "
                + "Default: the gateway's (65536)", examples = "131072", minimum = "256", maximum = "1048576")
        Integer toolResultMaxChars) {

    /** A configuration without its own tool result limit. */
    public McpConfigDraft(String endpoint, McpTransport transport, Integer timeoutMs) {
        this(endpoint, transport, timeoutMs, null);
    }

    /** What a transport must be, for error messages wherever one is parsed. */
    public static final String TRANSPORT_RULE = "must be \"streamable-http\" or \"http-sse\"";

    public McpTransport transportOrDefault() {
        return transport == null ? McpTransport.STREAMABLE_HTTP : transport;
    }
}
