package ai.crafted.integrations.usage;

import java.util.List;

/**
 * The fixed latency histogram of the daily tool rows: a call counts in the first bucket whose
 * upper bound (milliseconds, inclusive) it does not exceed, or in the last, open one. Fixed bounds
 * let rows of different days and instances be added bucket by bucket, and p50/p95 be read from the
 * sums: a percentile is reported as the upper bound of the bucket it falls in (capped at the
 * slowest call seen), so the true value is at most the figure and above the previous bound:
 * about a factor of 2 to 2.5 of precision, enough to tell a 40 ms tool from a 4 s one.
 */
public final class UsageLatencyBuckets {

    /** Upper bounds in milliseconds; one more, open bucket follows the last. */
    public static final List<Double> BOUNDS_MS = List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0,
            10000.0, 30000.0, 60000.0);
    /** The number of buckets (the bounds and the open one). */
    public static final int SIZE = BOUNDS_MS.size() + 1;

    private UsageLatencyBuckets() {
    }

    /** The bucket a call of {@code latencyMs} counts in. */
    public static int indexOf(double latencyMs) {
        for (int i = 0; i < BOUNDS_MS.size(); i++) {
            if (latencyMs <= BOUNDS_MS.get(i)) {
                return i;
            }
        }
        return BOUNDS_MS.size();
    }

    /**
     * The {@code quantile} (0 to 1, e.g. 0.95) of the calls counted in {@code counts}: the upper
     * bound of the bucket holding the call of rank ⌈quantile·n⌉, at most {@code maxMs}; null
     * without calls.
     */
    public static Double percentile(long[] counts, double quantile, double maxMs) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < BOUNDS_MS.size() ? Math.min(BOUNDS_MS.get(i), maxMs) : maxMs;
            }
        }
        return maxMs;
    }

    /** Adds {@code more} into {@code into}, bucket by bucket (arrays of {@link #SIZE}; a shorter one counts as zeros). */
    public static void add(long[] into, long[] more) {
        for (int i = 0; i < Math.min(into.length, more.length); i++) {
            into[i] += more[i];
        }
    }
}
