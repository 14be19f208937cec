package ai.crafted.integrations.governance;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openapitools.jackson.nullable.JsonNullable;

/**
 * A change to one tool's policy (JSON merge patch: an absent field keeps its value).
 *
 * @param enabled          true offers the tool (once its current version is accepted), false never
 * @param approvalOverride {@code required} or {@code not_required} overrides the tool's
 *                         {@code destructiveHint}; null clears the override
 */
@Schema(name = "ToolPolicyPatch", description = "JSON merge patch: absent keeps; approvalOverride null clears the override")
public record ToolPolicyPatch(
        @Schema(implementation = Boolean.class) JsonNullable<Boolean> enabled,
        @Schema(implementation = ApprovalOverride.class, nullable = true) JsonNullable<ApprovalOverride> approvalOverride) {

    public static ToolPolicyPatch of(Boolean enabled, ApprovalOverride override, boolean setOverride) {
        return new ToolPolicyPatch(enabled == null ? JsonNullable.undefined() : JsonNullable.of(enabled),
                setOverride ? JsonNullable.of(override) : JsonNullable.undefined());
    }
}
