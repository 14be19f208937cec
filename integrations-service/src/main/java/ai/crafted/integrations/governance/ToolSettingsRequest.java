package ai.crafted.integrations.governance;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** @param newTools {@code enabled} (a tool listed for the first time is offered at once) or {@code held} (it waits for an admin) */
public record ToolSettingsRequest(@NotNull(message = "is required") @Schema(examples = "held") NewTools newTools) {
}
