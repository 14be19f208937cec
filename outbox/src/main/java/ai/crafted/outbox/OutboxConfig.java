package ai.crafted.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay's settings ({@code outbox.*}). */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /**
     * How often the relay looks for committed, unpublished events even without a notification
     * (a @Scheduled "every" value). Commits normally wake it at once through PostgreSQL
     * LISTEN/NOTIFY; this is the fallback.
     */
    @WithDefault("1s")
    String pollInterval();

    /** Rows published per relay round; the relay repeats immediately while a round is full. */
    @WithDefault("200")
    int batchSize();

    /** How long published rows are kept for inspection before the cleanup deletes them. */
    @WithDefault("P1D")
    Duration retention();

    /**
     * Longest a control-panel write waits, before it answers, for Kafka to acknowledge its events
     * ({@link OutboxPublication}); after it, the answer goes out and the events follow later.
     */
    @WithDefault("5s")
    Duration awaitPublished();

    /** Whether to LISTEN for commits ({@code outbox_events} channel) and relay at once. */
    @WithDefault("true")
    boolean listen();
}
