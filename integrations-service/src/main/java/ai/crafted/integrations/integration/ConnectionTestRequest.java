package ai.crafted.integrations.integration;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;

/** The part of an install a connection test needs: how to reach the server and the credential to send. */
@Schema(name = "ConnectionTestRequest", description = "Test an MCP server before installing it")
@ErrorCode(ErrorCodes.INVALID_INTEGRATION_CONFIG)
public record ConnectionTestRequest(@NotNull(message = "is required") @Valid McpConfigDraft config,
        @Schema(nullable = true) UUID credentialId) {
}
