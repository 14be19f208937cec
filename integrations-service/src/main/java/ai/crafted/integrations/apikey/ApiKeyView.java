package ai.crafted.integrations.apikey;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An API key as listed; {@code key} is present only in the answer to its creation, the one time
 * it is shown.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApiKeyView(UUID id, String name, String prefix, String key, Instant createdAt, Instant revokedAt) {

    static ApiKeyView of(ApiKeyEntity e) {
        return new ApiKeyView(e.id, e.name, e.prefix, null, e.createdAt, e.revokedAt);
    }

    static ApiKeyView created(ApiKeyEntity e, String key) {
        return new ApiKeyView(e.id, e.name, e.prefix, key, e.createdAt, e.revokedAt);
    }

    @Override
    public String toString() {
        return "ApiKeyView[" + id + ", " + name + ", " + prefix + "]";
    }
}
