package ai.crafted.integrations.whatsapp;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openapitools.jackson.nullable.JsonNullable;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.MultiLine;

/**
 * A JSON merge patch (RFC 7396) of a WhatsApp app, with the same rules as the integration's:
 * absent keeps, an empty patch is refused, and null clears only what may be empty
 * ({@code systemPrompt}, {@code mcpPluginIds}) and {@code allowedTools} (null: every tool of the
 * selected plugins); null for a required field is refused rather than silently ignored. Values are
 * checked like a create request's.
 */
@ErrorCode(ErrorCodes.INVALID_WHATSAPP_APP)
@Schema(name = "WhatsAppAppPatch", description = "JSON merge patch: absent keeps; null clears systemPrompt and mcpPluginIds"
        + " and sets allowedTools to every tool")
public record WhatsAppAppPatch(
        @Schema(implementation = String.class) JsonNullable<String> phoneNumberId,
        @Schema(implementation = String.class) JsonNullable<String> displayName,
        @Schema(implementation = String.class, writeOnly = true) JsonNullable<String> accessToken,
        @Schema(implementation = String.class, writeOnly = true) JsonNullable<String> appSecret,
        @Schema(implementation = String.class, writeOnly = true) JsonNullable<String> verifyToken,
        @Schema(implementation = String.class) JsonNullable<String> model,
        @MultiLine @Schema(implementation = String.class, nullable = true) JsonNullable<String> systemPrompt,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = UUID.class,
                nullable = true) JsonNullable<List<UUID>> mcpPluginIds,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = AllowedTool.class,
                nullable = true) JsonNullable<List<AllowedTool>> allowedTools) {

    /**
     * The change as the service applies it (null = keep; "" clears the system prompt).
     *
     * @throws ApiException {@code invalid_request} for an empty patch, {@code invalid_whatsapp_app}
     *                      for null on a required field
     */
    WhatsAppAppRequest toRequest() {
        if (!phoneNumberId.isPresent() && !displayName.isPresent() && !accessToken.isPresent() && !appSecret.isPresent()
                && !verifyToken.isPresent() && !model.isPresent() && !systemPrompt.isPresent() && !mcpPluginIds.isPresent()
                && (allowedTools == null || !allowedTools.isPresent())) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the PATCH body must change at least one field", null);
        }
        return new WhatsAppAppRequest(required("phoneNumberId", phoneNumberId), required("displayName", displayName),
                required("accessToken", accessToken), required("appSecret", appSecret),
                required("verifyToken", verifyToken), required("model", model),
                systemPrompt.isPresent() && systemPrompt.get() == null ? "" : systemPrompt.orElse(null),
                mcpPluginIds.isPresent() && mcpPluginIds.get() == null ? List.of() : mcpPluginIds.orElse(null),
                allowedTools == null ? JsonNullable.undefined() : allowedTools);
    }

    private static String required(String field, JsonNullable<String> value) {
        if (value.isPresent() && value.get() == null) {
            throw new ApiException(400, ErrorCodes.INVALID_WHATSAPP_APP, field + " cannot be null: it is required", field);
        }
        return value.orElse(null);
    }

    @Override
    public String toString() {
        return "WhatsAppAppPatch[" + phoneNumberId + ", " + displayName + "]";
    }
}
