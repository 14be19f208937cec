package ai.crafted.integrations.integration;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * How a selection of integrations is stored in one text column (a WhatsApp app's plugins, an API
 * key's scope): the ids comma-separated, in the order chosen. Ids are UUIDs, so a substring match
 * ({@link #containing}) finds exactly the rows that hold one.
 */
public final class IntegrationIdList {

    private IntegrationIdList() {
    }

    /** The ids of a stored list ({@code ""}: none). */
    public static List<UUID> parse(String stored) {
        return stored.isBlank() ? List.of() : Arrays.stream(stored.split(",")).map(UUID::fromString).toList();
    }

    /** The stored form of the ids. */
    public static String format(List<UUID> ids) {
        return String.join(",", ids.stream().map(UUID::toString).toList());
    }

    /** A {@code like} pattern matching the stored lists that hold the id. */
    public static String containing(UUID id) {
        return "%" + id + "%";
    }
}
