package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openapitools.jackson.nullable.JsonNullable;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.MultiLine;

/**
 * Create (all required but systemPrompt and mcpPluginIds) or change (only the fields present) a
 * WhatsApp app. accessToken, appSecret and verifyToken are write-only. {@code allowedTools}: the
 * only tools of the selected plugins the app's conversations may use; on create absent or null:
 * every tool; on change absent (or a Java null) keeps the app's, null sets every tool, a list
 * (empty: none) replaces it (checked by {@link ai.crafted.integrations.allowlist.ToolAllowlist}).
 */
@ErrorCode(ErrorCodes.INVALID_WHATSAPP_APP)
public record WhatsAppAppRequest(
        @Pattern(regexp = "^[0-9]{5,32}$", message = "must be the numeric phone number id from the WhatsApp dashboard")
        @Schema(examples = "106540352242922") String phoneNumberId,
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @Schema(examples = "Support line") String displayName,
        @Size(min = 1, max = 4096, message = "must be 1 to 4096 characters") @Schema(writeOnly = true) String accessToken,
        @Size(min = 1, max = 512, message = "must be 1 to 512 characters") @Schema(writeOnly = true) String appSecret,
        @Size(min = 8, max = 512, message = "must be 8 to 512 characters") @Schema(writeOnly = true) String verifyToken,
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @Schema(examples = "gpt-4o-mini") String model,
        @MultiLine @Size(max = 8000, message = "must be at most 8000 characters") String systemPrompt,
        @Size(max = MAX_PLUGINS, message = "must list at most " + MAX_PLUGINS + " plugins")
        @Schema(description = "The MCP integrations the inbound assistant may use")
        List<@NotNull(message = "must be a plugin id, not null") UUID> mcpPluginIds,
        @Schema(type = SchemaType.ARRAY, implementation = AllowedTool.class, nullable = true,
                description = "The only tools of the selected plugins the assistant may use, by plugin and MCP tool name;"
                        + " absent or null: every tool; empty: none. At most 500 entries")
        JsonNullable<List<AllowedTool>> allowedTools) {

    /** Selected plugins per app; an organisation rarely has more than a few dozen. */
    public static final int MAX_PLUGINS = 100;

    /** Whether the request sets the allowlist (to a list, or to null: every tool). */
    public boolean setsAllowedTools() {
        return allowedTools != null && allowedTools.isPresent();
    }

    /** The allowlist the request sets (null: every tool); meaningful when {@link #setsAllowedTools()}. */
    public List<AllowedTool> allowedToolsOrNull() {
        return setsAllowedTools() ? allowedTools.get() : null;
    }

    @Override
    public String toString() {
        return "WhatsAppAppRequest[" + phoneNumberId + ", " + displayName + "]";
    }
}
