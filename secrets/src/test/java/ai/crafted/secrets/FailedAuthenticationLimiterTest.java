package ai.crafted.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FailedAuthenticationLimiterTest {

    @Test
    void aClientIsHeldBackOnlyAfterItsFailuresAreUsedUpAndOthersAreNotAffected() {
        FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(3, Duration.ofMinutes(1), 1000);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();

        for (int i = 0; i < 3; i++) {
            limiter.failed("10.0.0.1");
        }

        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isBetween(1L, 21L);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero();
    }

    @Test
    void theBucketRefillsSoTheClientMayTryAgainLater() throws Exception {
        FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(2, Duration.ofMillis(400), 1000);
        limiter.failed("c");
        limiter.failed("c");
        assertThat(limiter.retryAfterSeconds("c")).isPositive();

        Thread.sleep(450);

        assertThat(limiter.retryAfterSeconds("c")).isZero();
    }
}
