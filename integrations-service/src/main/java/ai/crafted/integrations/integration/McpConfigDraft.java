package ai.crafted.integrations.integration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.ValidationErrorCode;

/** How to reach the MCP server. {@code transport} defaults to streamable-http. */
public record McpConfigDraft(
        @NotBlank(message = "is required") @Size(max = 2048, message = "must be at most 2048 characters")
        @Schema(examples = "https://mcp.example.com") String endpoint,

        @Pattern(regexp = "streamable-http|http-sse", message = "must be \"streamable-http\" or \"http-sse\"")
        @Schema(examples = "streamable-http", enumeration = { "streamable-http", "http-sse" }) String transport,

        @Min(value = 1, message = "must be at least 1 ms")
        @Max(value = MAX_TIMEOUT_MS, message = "must be at most 60000 ms (the 60 second cap)")
        @Schema(examples = "30000", minimum = "1", maximum = "60000") Integer timeoutMs)
        implements ValidationErrorCode {

    public static final int MAX_TIMEOUT_MS = 60_000;
    public static final String DEFAULT_TRANSPORT = "streamable-http";

    public String transportOrDefault() {
        return transport == null ? DEFAULT_TRANSPORT : transport;
    }

    @Override
    public String validationErrorCode() {
        return ErrorCodes.INVALID_INTEGRATION_CONFIG;
    }
}
