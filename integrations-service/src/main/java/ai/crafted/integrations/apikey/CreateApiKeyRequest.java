package ai.crafted.integrations.apikey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateApiKeyRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Schema(examples = "whatsapp-worker") String name) {
}
