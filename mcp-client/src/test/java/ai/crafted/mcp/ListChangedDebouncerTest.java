package ai.crafted.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/** A server that announces tool changes without end costs one report per 30 s, not one per window. */
class ListChangedDebouncerTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void aBurstIsOneReportAndANonStopAnnouncerIsHeldToTheMinimumInterval() throws InterruptedException {
        List<String> reported = new CopyOnWriteArrayList<>();
        ListChangedDebouncer debouncer = new ListChangedDebouncer(vertx, Duration.ofMillis(50));
        debouncer.listener(reported::add);

        for (int i = 0; i < 20; i++) {
            debouncer.changed("noisy");
            debouncer.changed("quiet-" + (i % 2));
        }
        Thread.sleep(300);
        assertThat(reported).containsExactlyInAnyOrder("noisy", "quiet-0", "quiet-1");

        // Still announcing: nothing more until 30 s after the first report.
        for (int i = 0; i < 15; i++) {
            debouncer.changed("noisy");
            Thread.sleep(100);
        }
        assertThat(reported).filteredOn("noisy"::equals).hasSize(1);
        debouncer.close();
    }
}
