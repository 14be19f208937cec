package ai.crafted.integrations.integration;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.MultiLine;

/**
 * The writable part of an integration, validated the same way whether it comes from a create
 * request or from a PATCH merged onto the stored state.
 */
@Schema(name = "IntegrationRequest", description = "Install an MCP server as a plugin")
@ErrorCode(ErrorCodes.INVALID_INTEGRATION_CONFIG)
public record IntegrationDraft(
        @NotNull(message = "is required") @Pattern(regexp = "mcp", message = "must be \"mcp\"")
        @Schema(examples = "mcp") String kind,

        @NotBlank(message = "is required")
        @Size(max = SLUG_MAX_LENGTH, message = "must be at most " + SLUG_MAX_LENGTH + " characters")
        @Pattern(regexp = "^[a-z0-9]+(-[a-z0-9]+)*$", message = "must be kebab-case, e.g. support-crm")
        @Schema(examples = "support-crm") String slug,

        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        @Schema(examples = "Support CRM") String displayName,

        @Size(max = 2000, message = "must be at most 2000 characters")
        @MultiLine @Schema(examples = "Lookup customer records and support tickets.") String description,

        @NotNull(message = "is required") @Valid McpConfigDraft config,

        @Schema(nullable = true) UUID credentialId) {

    /** Leaves 30 of the model APIs' 64 characters for the tool name in {@code slug__tool}. */
    public static final int SLUG_MAX_LENGTH = 32;
}
