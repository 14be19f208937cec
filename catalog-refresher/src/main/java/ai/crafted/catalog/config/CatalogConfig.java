package ai.crafted.catalog.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Refresh refresh();

    interface Refresh {
        /** How often the scheduler looks for catalogs due for a refresh (a @Scheduled "every" value). */
        @WithDefault("60s")
        String scheduleCheckInterval();

        /** A healthy catalog is refreshed again after this long. */
        @WithDefault("PT1H")
        Duration maxAge();

        /**
         * A catalog whose last refresh failed (or that needs one) is retried after this long; also
         * how long a listing's claim keeps other instances from listing the same catalog when the
         * claiming instance stops before recording an outcome.
         */
        @WithDefault("PT5M")
        Duration retryAfter();

        /**
         * The shortest time between scheduled listings a server can ask for with a 2026-07-28
         * {@code ttlMs}: a smaller TTL is raised to this.
         */
        @WithDefault("PT1M")
        Duration minTtl();

        /** The longest: a larger TTL is lowered to this. */
        @WithDefault("PT24H")
        Duration maxTtl();

        /** Scheduled refreshes running at once. */
        @WithDefault("4")
        int concurrency();
    }

}
