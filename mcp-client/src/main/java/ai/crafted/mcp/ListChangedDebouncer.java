package ai.crafted.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;

/**
 * Turns bursts of {@code notifications/tools/list_changed} into one report per owner: the first
 * notification starts a window, the owner is reported at its end, and notifications inside the
 * window are absorbed (the refresh they lead to lists after all of them). An owner is reported at
 * most once per {@link #MIN_INTERVAL}, so a server that announces changes without end costs one
 * listing every 30 s, not one per window.
 */
final class ListChangedDebouncer {

    private static final Logger LOG = Logger.getLogger(ListChangedDebouncer.class);

    private final Vertx vertx;
    private final long windowMs;
    /** Least time between two reports of one owner. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastReported = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener = owner -> {
    };
    private volatile boolean closed;

    ListChangedDebouncer(Vertx vertx, Duration window) {
        this.vertx = vertx;
        this.windowMs = Math.max(1, window.toMillis());
    }

    void listener(Consumer<String> listener) {
        this.listener = listener;
    }

    void changed(String owner) {
        if (closed || !pending.add(owner)) {
            return;
        }
        Long last = lastReported.get(owner);
        long sinceLastMs = last == null ? Long.MAX_VALUE : (System.nanoTime() - last) / 1_000_000;
        long delay = Math.max(windowMs, MIN_INTERVAL.toMillis() - sinceLastMs);
        vertx.setTimer(delay, id -> {
            pending.remove(owner);
            if (closed) {
                return;
            }
            lastReported.put(owner, System.nanoTime());
            try {
                listener.accept(owner);
            } catch (RuntimeException e) {
                LOG.warnf("the tools/list_changed listener failed for %s: %s", owner, e.getMessage());
            }
        });
    }

    void close() {
        closed = true;
    }
}
