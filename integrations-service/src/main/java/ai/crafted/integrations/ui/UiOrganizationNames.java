package ai.crafted.integrations.ui;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

/**
 * The names of the signed-in user's organisations for this request's page frame ({@link UiPages}),
 * read before the resource runs ({@link UiOrganizationNamesFilter}): building the frame stays
 * synchronous for every resource. Empty when nothing was read (a request refused before the
 * filters ran): pages then show ids.
 */
@RequestScoped
public class UiOrganizationNames {

    private Map<UUID, String> names = Map.of();

    void set(Map<UUID, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The organisation's name, or null when it has none (or none was read). */
    public String of(UUID organizationId) {
        return names.get(organizationId);
    }
}
