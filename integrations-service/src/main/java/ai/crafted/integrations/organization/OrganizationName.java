package ai.crafted.integrations.organization;

import java.time.Instant;
import java.util.UUID;

/**
 * An organisation's name as stored: {@code name}, {@code updatedAt} and {@code updatedBy} (a token
 * subject) are null until an admin names it.
 */
public record OrganizationName(UUID id, String name, Instant updatedAt, String updatedBy) {

    static OrganizationName of(UUID id, OrganizationEntity entity) {
        return entity == null ? new OrganizationName(id, null, null, null)
                : new OrganizationName(id, entity.name, entity.updatedAt, entity.updatedBy);
    }

    /**
     * The instant its entity tag ({@code EntityTags}) is made from: {@code updatedAt}, or the epoch
     * (tag {@code "0"}) while it has no name, so even the first naming can be made conditional.
     */
    public Instant version() {
        return updatedAt == null ? Instant.EPOCH : updatedAt;
    }
}
