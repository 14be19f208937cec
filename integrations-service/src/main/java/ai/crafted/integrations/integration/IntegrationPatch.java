package ai.crafted.integrations.integration;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openapitools.jackson.nullable.JsonNullable;

import ai.crafted.events.McpTransport;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCode;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.MultiLine;

/**
 * A JSON merge patch (RFC 7396) of an integration, parsed once at the edge: every field is
 * {@link JsonNullable#undefined()} when absent (keep), {@code JsonNullable.of(null)} when null
 * (clear) or the new value. {@code slug}, {@code kind} and {@code id} are identity and cannot
 * change; they are declared only so that sending them gets {@code invalid_integration_config}
 * naming the field rather than "unknown field". Any other unknown field is refused by the
 * strict JSON mapping ({@code invalid_request}).
 */
@ErrorCode(ErrorCodes.INVALID_INTEGRATION_CONFIG)
@Schema(name = "IntegrationPatch", description = "JSON merge patch: absent keeps, null clears; slug and kind are fixed")
public record IntegrationPatch(
        @Schema(hidden = true) JsonNullable<String> slug,
        @Schema(hidden = true) JsonNullable<String> kind,
        @Schema(hidden = true) JsonNullable<String> id,
        @Schema(implementation = String.class) JsonNullable<String> displayName,
        @MultiLine @Schema(implementation = String.class, nullable = true) JsonNullable<String> description,
        @Schema(implementation = ConfigPatch.class) JsonNullable<ConfigPatch> config,
        @Schema(implementation = UUID.class, nullable = true) JsonNullable<UUID> credentialId) {

    /** The {@code config} member of the patch, with the same absent/null/value meaning per field. */
    @ErrorCode(ErrorCodes.INVALID_INTEGRATION_CONFIG)
    @Schema(name = "McpConfigPatch")
    public record ConfigPatch(
            @Schema(implementation = String.class) JsonNullable<String> endpoint,
            @Schema(implementation = McpTransport.class) JsonNullable<McpTransport> transport,
            @Schema(implementation = Integer.class, nullable = true) JsonNullable<Integer> timeoutMs,
            @Schema(implementation = Integer.class, nullable = true) JsonNullable<Integer> toolResultMaxChars) {
    }

    /** A patch of the UI's edit form: every writable field is sent. */
    public static IntegrationPatch of(String displayName, String description, McpConfigDraft config, UUID credentialId) {
        return new IntegrationPatch(JsonNullable.undefined(), JsonNullable.undefined(), JsonNullable.undefined(),
                JsonNullable.of(displayName), JsonNullable.of(description),
                JsonNullable.of(new ConfigPatch(JsonNullable.of(config.endpoint()), JsonNullable.of(config.transport()),
                        JsonNullable.of(config.timeoutMs()), JsonNullable.of(config.toolResultMaxChars()))),
                JsonNullable.of(credentialId));
    }

    /**
     * The draft this patch makes of the stored integration, to be validated like a create request.
     *
     * @throws ApiException {@code invalid_request} for an empty patch, {@code invalid_integration_config}
     *                      for an attempt to change the slug, kind or id, or a {@code config} of null
     */
    IntegrationDraft applyTo(IntegrationEntity current) {
        refuseIdentity("slug", slug);
        refuseIdentity("kind", kind);
        refuseIdentity("id", id);
        if (!displayName.isPresent() && !description.isPresent() && !config.isPresent() && !credentialId.isPresent()) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the PATCH body must change at least one field", null);
        }
        return new IntegrationDraft(current.kind, current.slug,
                displayName.orElse(current.displayName),
                description.orElse(current.description),
                config(current),
                credentialId.orElse(current.credentialId));
    }

    private McpConfigDraft config(IntegrationEntity current) {
        if (!config.isPresent()) {
            return new McpConfigDraft(current.endpoint, current.transport, current.timeoutMs, current.toolResultMaxChars);
        }
        ConfigPatch patch = config.get();
        if (patch == null) {
            throw ApiException.invalidConfig("config", "config must be an object");
        }
        return new McpConfigDraft(patch.endpoint().orElse(current.endpoint),
                patch.transport().orElse(current.transport),
                patch.timeoutMs().orElse(current.timeoutMs),
                patch.toolResultMaxChars() == null ? current.toolResultMaxChars
                        : patch.toolResultMaxChars().orElse(current.toolResultMaxChars));
    }

    private static void refuseIdentity(String name, JsonNullable<String> value) {
        if (value.isPresent()) {
            throw ApiException.invalidConfig(name, name + " cannot be changed after installation");
        }
    }
}
