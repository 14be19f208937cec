package ai.crafted.secrets;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * How many failed authentications a client may make before {@link FailedAuthenticationLimiter}
 * throttles it; each service maps it under its own prefix ({@code gateway.auth-limit.*},
 * {@code integrations.auth-limit.*}).
 */
public interface AuthLimitConfig {

    /** Failed authentications a client (remote address) may make per window before it gets 429. */
    @WithDefault("30")
    int failures();

    /** The refill period of those failures. */
    @WithDefault("PT1M")
    Duration window();
}
