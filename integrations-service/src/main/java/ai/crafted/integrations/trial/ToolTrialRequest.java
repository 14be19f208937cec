package ai.crafted.integrations.trial;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A "Try tool" call: the tool's MCP name (as listed in the plugin's catalog) and its arguments,
 * one JSON object (absent: {@code {}}), at most {@value ToolTrialService#MAX_ARGUMENT_BYTES} bytes
 * as JSON.
 */
public record ToolTrialRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        @Schema(examples = "echo") String toolName,
        @Schema(description = "The tool's arguments, one JSON object; absent: {}", examples = "{\"message\":\"hello\"}")
        @JsonDeserialize(using = ExactJsonDeserializer.class) JsonNode arguments) {
}
