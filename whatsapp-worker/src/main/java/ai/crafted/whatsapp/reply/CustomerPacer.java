package ai.crafted.whatsapp.reply;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Paces the messages sent to one customer of one app: WhatsApp's pair rate limit allows about
 * one message every 6 seconds to the same user, with short bursts (Meta's throughput
 * documentation; beyond it sends fail with error 131056). A burst of up to
 * {@code whatsapp.pacing.burst} messages goes out at once; after that one message per
 * {@code whatsapp.pacing.interval}. The schedule is the generic cell rate algorithm: per
 * customer one "theoretical arrival time", no timers, no threads. After a 131056 the customer's
 * next message waits a full interval.
 */
@ApplicationScoped
public class CustomerPacer {

    /** Customers held before idle ones (whose schedule is in the past) are forgotten. */
    static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong();
    private final long intervalNanos;
    private final long toleranceNanos;

    @Inject
    public CustomerPacer(WorkerConfig config) {
        this(config.pacing().interval(), config.pacing().burst());
    }

    CustomerPacer(Duration interval, int burst) {
        this.intervalNanos = interval.toNanos();
        this.toleranceNanos = intervalNanos * Math.max(0, burst - 1);
    }

    /** Completes when a message to this customer may be sent (at once while within the burst). */
    public Uni<Void> acquire(String customer) {
        long wait = reserve(customer, System.nanoTime());
        return wait <= 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(timerDelay(wait));
    }

    /**
     * A wait of {@code waitNanos} (&gt; 0) as a timer delay: rounded up to whole milliseconds,
     * because under Quarkus Mutiny's delays run on Vert.x timers, which refuse a delay below 1 ms
     * ("Cannot schedule a timer with delay &lt; 1 ms") — a sub-millisecond wait would fail the send.
     */
    static Duration timerDelay(long waitNanos) {
        return Duration.ofMillis(Math.max(1, (waitNanos + 999_999L) / 1_000_000L));
    }

    /** Reserves the next slot at {@code now} (nanoTime) and returns how long to wait for it, in nanoseconds. */
    long reserve(String customer, long now) {
        long sweptAt = lastSweep.get();
        // At most one sweep a second, by one caller.
        if (arrivals.size() > SWEEP_ABOVE && now - sweptAt > 1_000_000_000L && lastSweep.compareAndSet(sweptAt, now)) {
            arrivals.values().removeIf(arrival -> arrival < now);
        }
        long[] wait = new long[1];
        arrivals.compute(customer, (key, arrival) -> {
            long theoretical = arrival == null || arrival < now ? now : arrival;
            wait[0] = theoretical - toleranceNanos - now;
            return theoretical + intervalNanos;
        });
        return Math.max(0, wait[0]);
    }

    /** WhatsApp said the customer got too many messages (131056): the next one waits a full interval. */
    public void backOff(String customer) {
        long now = System.nanoTime();
        arrivals.merge(customer, now + toleranceNanos + intervalNanos, Math::max);
    }
}
