package ai.crafted.gateway.trial;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many tool trials run at once on this gateway instance: at most {@code perOrganization} of one
 * organisation and {@code inAll} together, so one organisation's slow tools or flood of trials
 * neither delays another's nor exhausts the instance. A trial that finds no slot is refused at
 * once (the admin tries again), never queued behind the others.
 */
final class TrialSlots {

    private final int perOrganization;
    private final int inAll;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<UUID, Integer> byOrganization = new ConcurrentHashMap<>();

    TrialSlots(int perOrganization, int inAll) {
        this.perOrganization = perOrganization;
        this.inAll = inAll;
    }

    /** Takes a slot for the organisation; false when it or the instance has none free. */
    boolean acquire(UUID organizationId) {
        if (running.incrementAndGet() > inAll) {
            running.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        byOrganization.compute(organizationId, (id, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perOrganization) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            running.decrementAndGet();
        }
        return taken[0];
    }

    /** Gives back a slot taken by {@link #acquire}. */
    void release(UUID organizationId) {
        byOrganization.computeIfPresent(organizationId, (id, count) -> count <= 1 ? null : count - 1);
        running.decrementAndGet();
    }

    int perOrganization() {
        return perOrganization;
    }
}
