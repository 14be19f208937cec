package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.MultiLine;

/**
 * Create (all required but systemPrompt and mcpPluginIds) or change (only the fields present) a
 * WhatsApp app. accessToken, appSecret and verifyToken are write-only.
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
        List<@NotNull(message = "must be a plugin id, not null") UUID> mcpPluginIds) {

    /** Selected plugins per app; an organisation rarely has more than a few dozen. */
    public static final int MAX_PLUGINS = 100;

    @Override
    public String toString() {
        return "WhatsAppAppRequest[" + phoneNumberId + ", " + displayName + "]";
    }
}
