package ai.crafted.integrations.apikey;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A new gateway API key: its name and, optionally, how many days it works ({@code expiresInDays},
 * 1 to {@value #MAX_DAYS}; absent: until revoked).
 */
public record CreateApiKeyRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Schema(examples = "whatsapp-worker") String name,
        @Min(value = 1, message = "must be at least 1 day") @Max(value = MAX_DAYS, message = "must be at most " + MAX_DAYS + " days")
        @Schema(description = "Days until the key stops working; absent: until revoked", examples = "90", nullable = true)
        Integer expiresInDays) {

    public static final int MAX_DAYS = 730;
}
