package ai.crafted.integrations.ui;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

/** How many approvals wait in each of the user's organisations, for the navigation's count (this request). */
@RequestScoped
public class UiPendingApprovals {

    private Map<UUID, Long> counts = Map.of();

    void set(Map<UUID, Long> counts) {
        this.counts = Map.copyOf(counts);
    }

    /** The organisation's count; 0 when none wait or it could not be read. */
    public long of(UUID organizationId) {
        return counts.getOrDefault(organizationId, 0L);
    }
}
