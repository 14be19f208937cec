package ai.crafted.integrations.trial;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.ToolTrialCompletedEvent;
import ai.crafted.events.Topics;
import ai.crafted.storeoutage.StoreOutage;

/** Records the gateway's answers to tool trials ({@link ToolTrialService#complete}). */
@ApplicationScoped
public class ToolTrialCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(ToolTrialCompletedConsumer.class);

    private final ToolTrialService trials;

    public ToolTrialCompletedConsumer(ToolTrialService trials) {
        this.trials = trials;
    }

    /** Stores one answer (retried through a store outage); a bad record is skipped. */
    @Incoming(Topics.TOOL_TRIAL_COMPLETED)
    public Uni<Void> consume(ToolTrialCompletedEvent answer) {
        if (answer == null || answer.schemaVersion() != ToolTrialCompletedEvent.SCHEMA_VERSION
                || answer.organizationId() == null || answer.trialId() == null || answer.outcome() == null
                || answer.result() == null) {
            LOG.warn("skipping a tool-trial-completed record that is unreadable or of an unknown schema version");
            return Uni.createFrom().voidItem();
        }
        return StoreOutage.retried(() -> Panache.withTransaction(() -> trials.complete(answer)), StoreOutage.CONSUMER_LIMIT);
    }
}
