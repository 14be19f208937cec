package ai.crafted.replay;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of {@link ReadYourWrites} ({@code replay.read-your-writes.*}). */
@ConfigMapping(prefix = "replay.read-your-writes")
public interface ReadYourWritesConfig {

    /** Whether requests wait for the view to reach the topics' end (false: answer from the view as it is). */
    @WithDefault("true")
    boolean enabled();

    /** Longest a request waits for the view before it goes on with what the view holds. */
    @WithDefault("2s")
    Duration maxWait();

    /** After the broker could not be asked, how long requests go on without asking again. */
    @WithDefault("5s")
    Duration brokerRetry();
}
