package ai.crafted.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Live MCP sessions kept between calls, so a call to a warm server is one HTTP exchange instead
 * of initialize, initialized, the call and DELETE. Sessions are keyed by the whole
 * {@link McpEndpoint} (owner, URL, transport, timeout and credential headers): a configuration
 * or credential change gives a new key, and the first call under it ends the owner's sessions
 * under the old one. Opening is shared: concurrent first calls wait for one initialisation.
 *
 * <p>Limits ({@link SessionPoolOptions}): calls per session, sessions per owner, sessions in all
 * (the least recently used idle one is ended to make room; with none idle a call gets a session
 * of its own), and idle expiry. A session whose call failed for any reason but a JSON-RPC error
 * is dropped, since its state on the server is unknown; the next call opens a new one. A session
 * taken out of the pool while other calls still run on it is ended when the last of them returns,
 * so one failing or slow call never breaks the calls it shares a session with.
 */
public final class McpSessionPool {

    private static final Logger LOG = Logger.getLogger(McpSessionPool.class);
    /**
     * Recorded on the caller's current span (the gateway's {@code execute_tool}): whether the call
     * ran on a session opened before (no initialize round trip). Not an OpenTelemetry convention.
     */
    static final AttributeKey<Boolean> SESSION_REUSED = AttributeKey.booleanKey("crafted.mcp.session.reused");

    private final Vertx vertx;
    private final SessionPoolOptions options;
    private final Function<McpEndpoint, Uni<McpSession>> opener;
    private final Map<McpEndpoint, List<Pooled>> byEndpoint = new HashMap<>();
    private final long sweepTimer;
    private int size;
    /** Sessions holding a listening slot (their stream open, or being reopened). */
    private int listenSlots;
    private boolean closed;

    /** One pooled session: shared by up to {@code maxCallsPerSession} calls at once. */
    private final class Pooled {
        final McpEndpoint endpoint;
        final Uni<McpSession> session;
        volatile McpSession opened;
        int calls;
        long lastUsedNanos = System.nanoTime();
        boolean listens;
        /** Reopening a notification stream that ended: attempts so far and when the next may run. */
        int relistens;
        long nextListenNanos;
        long listeningSinceNanos;
        /** Out of the pool, to be ended when its last call returns. */
        boolean retired;

        Pooled(McpEndpoint endpoint) {
            this.endpoint = endpoint;
            this.session = opener.apply(endpoint)
                    .invoke(s -> {
                        opened = s;
                        startListening(this, s);
                    })
                    .onFailure().invoke(e -> drop(this))
                    .memoize().indefinitely();
        }

        boolean usable() {
            return opened == null || opened.isOpen();
        }
    }

    McpSessionPool(Vertx vertx, SessionPoolOptions options, Function<McpEndpoint, Uni<McpSession>> opener) {
        this.vertx = vertx;
        this.options = options;
        this.opener = opener;
        long every = Math.max(1_000, Math.min(options.idleTimeout().toMillis() / 2, 30_000));
        this.sweepTimer = vertx.setPeriodic(every, id -> endIdle());
    }

    /**
     * Runs {@code work} on a pooled session of {@code endpoint}, opening one when none has room.
     * Fails as {@code work} or the opening fails.
     */
    public <T> Uni<T> withSession(McpEndpoint endpoint, Function<McpSession, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Pooled lease = acquire(endpoint);
            Span.current().setAttribute(SESSION_REUSED, lease != null && lease.opened != null);
            if (lease == null) {
                return oneShot(endpoint, work);
            }
            return lease.session.chain(work::apply)
                    .onFailure().invoke(failure -> {
                        if (!(failure instanceof McpException e && e.kind() == McpException.Kind.JSON_RPC_ERROR)) {
                            drop(lease);
                        }
                    })
                    .onTermination().invoke(() -> release(lease));
        });
    }

    /** Ends every session of {@code owner} (after its configuration or credential changed, or it was deleted). */
    public void retire(String owner) {
        List<Pooled> ended = new ArrayList<>();
        synchronized (this) {
            byEndpoint.entrySet().removeIf(entry -> {
                if (Objects.equals(entry.getKey().owner(), owner)) {
                    ended.addAll(entry.getValue());
                    return true;
                }
                return false;
            });
            ended.forEach(this::forget);
        }
        ended.forEach(this::endWhenIdle);
    }

    /** Sessions held now. */
    public synchronized int size() {
        return size;
    }

    /** Sessions whose notification stream is open now. */
    public synchronized int listening() {
        int open = 0;
        for (List<Pooled> sessions : byEndpoint.values()) {
            for (Pooled p : sessions) {
                if (p.listens && p.opened != null && p.opened.isListening()) {
                    open++;
                }
            }
        }
        return open;
    }

    /** Ends every session (DELETE for streamable HTTP), waiting at most {@code wait} for the servers. */
    public void close(Duration wait) {
        List<Pooled> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            byEndpoint.values().forEach(all::addAll);
            byEndpoint.clear();
            size = 0;
            listenSlots = 0;
        }
        vertx.cancelTimer(sweepTimer);
        List<Uni<Void>> ends = all.stream().filter(p -> p.opened != null).map(p -> p.opened.close()).toList();
        if (!ends.isEmpty()) {
            try {
                Uni.join().all(ends).andCollectFailures().replaceWithVoid().await().atMost(wait);
            } catch (RuntimeException e) {
                LOG.debugf("not every MCP session ended within %s: %s", wait, e.getMessage());
            }
        }
    }

    private synchronized Pooled acquire(McpEndpoint endpoint) {
        if (closed) {
            return null;
        }
        retireOtherKeysOf(endpoint);
        List<Pooled> sessions = byEndpoint.computeIfAbsent(endpoint, k -> new ArrayList<>());
        sessions.removeIf(p -> {
            if (!p.usable() && p.calls == 0) {
                forget(p);
                vertx.runOnContext(v -> end(p));
                return true;
            }
            return false;
        });
        Pooled least = sessions.stream().filter(Pooled::usable).min(Comparator.comparingInt(p -> p.calls)).orElse(null);
        if (least != null && least.calls < options.maxCallsPerSession()) {
            return lease(least);
        }
        if (sessions.size() < options.maxPerIntegration() && (size < options.maxTotal() || endLeastRecentlyUsedIdle())) {
            Pooled created = new Pooled(endpoint);
            sessions.add(created);
            size++;
            return lease(created);
        }
        if (least != null) {
            return lease(least);
        }
        if (sessions.isEmpty()) {
            byEndpoint.remove(endpoint);
        }
        return null;
    }

    private Pooled lease(Pooled pooled) {
        pooled.calls++;
        pooled.lastUsedNanos = System.nanoTime();
        return pooled;
    }

    private void release(Pooled pooled) {
        boolean endNow;
        synchronized (this) {
            pooled.calls--;
            pooled.lastUsedNanos = System.nanoTime();
            endNow = pooled.retired && pooled.calls == 0;
        }
        if (endNow) {
            end(pooled);
        }
    }

    /** Ends the session now if no call runs on it, else when the last one returns. */
    private void endWhenIdle(Pooled pooled) {
        boolean endNow;
        synchronized (this) {
            pooled.retired = true;
            endNow = pooled.calls == 0;
        }
        if (endNow) {
            end(pooled);
        }
    }

    /** A configuration or credential change shows as a new endpoint for the same owner: end the old sessions. */
    private void retireOtherKeysOf(McpEndpoint endpoint) {
        if (endpoint.owner() == null || byEndpoint.containsKey(endpoint)) {
            return;
        }
        List<Pooled> stale = new ArrayList<>();
        byEndpoint.entrySet().removeIf(entry -> {
            if (endpoint.owner().equals(entry.getKey().owner())) {
                stale.addAll(entry.getValue());
                return true;
            }
            return false;
        });
        stale.forEach(this::forget);
        // Under the lock (acquire holds it): busy sessions end when their last call returns.
        stale.forEach(p -> p.retired = true);
        List<Pooled> idle = stale.stream().filter(p -> p.calls == 0).toList();
        if (!idle.isEmpty()) {
            vertx.runOnContext(v -> idle.forEach(McpSessionPool::end));
        }
    }

    private boolean endLeastRecentlyUsedIdle() {
        Pooled oldest = null;
        for (List<Pooled> sessions : byEndpoint.values()) {
            for (Pooled p : sessions) {
                if (p.calls == 0 && (oldest == null || p.lastUsedNanos < oldest.lastUsedNanos)) {
                    oldest = p;
                }
            }
        }
        if (oldest == null) {
            return false;
        }
        remove(oldest);
        Pooled ended = oldest;
        vertx.runOnContext(v -> end(ended));
        return true;
    }

    private void drop(Pooled pooled) {
        boolean removed;
        synchronized (this) {
            removed = remove(pooled);
        }
        if (removed) {
            endWhenIdle(pooled);
        }
    }

    /**
     * The periodic sweep: ends idle sessions and reopens notification streams that ended (server
     * restart, dropped connection), with a back-off of 30 s doubling up to 10 min; a stream that
     * stayed open 5 min resets the back-off.
     */
    private void endIdle() {
        long now = System.nanoTime();
        long idle = options.idleTimeout().toNanos();
        List<Pooled> ended = new ArrayList<>();
        List<Pooled> relisten = new ArrayList<>();
        synchronized (this) {
            for (List<Pooled> sessions : byEndpoint.values()) {
                for (Pooled p : sessions) {
                    boolean listeningStill = p.listens && p.opened != null && p.opened.isOpen();
                    if (p.calls == 0 && !listeningStill && (now - p.lastUsedNanos > idle || !p.usable())) {
                        ended.add(p);
                    } else if (listeningStill && !p.opened.isListening() && now >= p.nextListenNanos) {
                        long first = Math.min(RELISTEN_FIRST.toNanos(), idle);
                        long backoff = Math.min(first << Math.min(p.relistens, 5), RELISTEN_MAX.toNanos());
                        p.relistens++;
                        p.nextListenNanos = now + backoff;
                        relisten.add(p);
                    } else if (listeningStill && p.opened.isListening() && p.relistens > 0
                            && now - p.listeningSinceNanos > RELISTEN_RESET.toNanos()) {
                        p.relistens = 0;
                    }
                }
            }
            ended.forEach(this::remove);
        }
        ended.forEach(McpSessionPool::end);
        relisten.forEach(p -> listen(p, p.opened));
    }

    private static final Duration RELISTEN_FIRST = Duration.ofSeconds(30);
    private static final Duration RELISTEN_MAX = Duration.ofMinutes(10);
    private static final Duration RELISTEN_RESET = Duration.ofMinutes(5);

    /** Removes a session from the maps; true if it was there. Caller holds the lock. */
    private boolean remove(Pooled pooled) {
        List<Pooled> sessions = byEndpoint.get(pooled.endpoint);
        if (sessions == null || !sessions.remove(pooled)) {
            return false;
        }
        if (sessions.isEmpty()) {
            byEndpoint.remove(pooled.endpoint);
        }
        forget(pooled);
        return true;
    }

    private void forget(Pooled pooled) {
        size--;
        if (pooled.listens) {
            pooled.listens = false;
            listenSlots--;
        }
    }

    private void startListening(Pooled pooled, McpSession session) {
        if (!options.listen() || !session.notifiesToolListChanges()) {
            return;
        }
        synchronized (this) {
            if (listenSlots >= options.maxListening() || closed) {
                return;
            }
            pooled.listens = true;
            listenSlots++;
        }
        listen(pooled, session);
    }

    /**
     * Opens the session's notification stream; a server that offers none (or refuses three
     * reopenings in a row) gives its slot back.
     */
    private void listen(Pooled pooled, McpSession session) {
        session.listen().subscribe().with(open -> {
            synchronized (this) {
                if (open) {
                    pooled.listeningSinceNanos = System.nanoTime();
                } else if (pooled.listens && (pooled.relistens == 0 || pooled.relistens >= 3)) {
                    // None offered, or reopening keeps failing (the server forgot the session, say):
                    // the session idles out and the next listing opens a new one that listens.
                    pooled.listens = false;
                    listenSlots--;
                }
            }
        }, failure -> LOG.debugf("could not listen to %s: %s", pooled.endpoint, failure.getMessage()));
    }

    private static void end(Pooled pooled) {
        pooled.session.subscribe().with(s -> s.close().subscribe().with(v -> {
        }, e -> {
        }), e -> {
        });
    }

    private <T> Uni<T> oneShot(McpEndpoint endpoint, Function<McpSession, Uni<T>> work) {
        return opener.apply(endpoint).chain(session -> work.apply(session).onTermination().call(session::close));
    }
}
