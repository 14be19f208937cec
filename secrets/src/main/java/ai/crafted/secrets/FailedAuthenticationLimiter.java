package ai.crafted.secrets;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Throttles guessing of API keys and tokens: each client (remote address) may fail
 * authentication {@code failures} times per {@code window} (a Bucket4j token bucket, refilled
 * gradually); beyond that, its requests are answered 429 with {@code Retry-After} without their
 * credentials being checked, until the bucket has refilled. Clients are forgotten
 * after an idle window (a bounded Caffeine cache), so memory stays bounded under a spray of
 * addresses.
 */
public final class FailedAuthenticationLimiter {

    /** Most clients tracked at once by a limiter built from configuration. */
    private static final long TRACKED_CLIENTS = 100_000;

    private final Cache<String, Bucket> buckets;
    private final Bandwidth limit;

    /** A limiter with the configured allowance, tracking at most 100,000 clients. */
    public FailedAuthenticationLimiter(AuthLimitConfig config) {
        this(config.failures(), config.window(), TRACKED_CLIENTS);
    }

    /**
     * @param failures allowed failed authentications per window and client
     * @param window   the refill period of those failures
     * @param clients  most clients tracked at once
     */
    public FailedAuthenticationLimiter(int failures, Duration window, long clients) {
        this.limit = Bandwidth.builder().capacity(failures).refillGreedy(failures, window).build();
        this.buckets = Caffeine.newBuilder().maximumSize(clients).expireAfterAccess(window.multipliedBy(2)).build();
    }

    /** Seconds the client must wait before presenting credentials again, or 0 when it may. */
    public long retryAfterSeconds(String client) {
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
    }

    /** Records one failed authentication of the client. */
    public void failed(String client) {
        buckets.get(client, key -> Bucket.builder().addLimit(limit).build()).tryConsume(1);
    }
}
