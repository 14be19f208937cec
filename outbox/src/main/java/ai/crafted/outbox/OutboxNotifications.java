package ai.crafted.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Wakes the {@link OutboxRelay} when an outbox row is committed: the table's insert trigger runs
 * {@code pg_notify('outbox_events', '')}, which PostgreSQL delivers at commit (never for a
 * rolled-back transaction), and this LISTENs on a dedicated connection. After every
 * (re)connection it runs a round too, for commits it may have missed; the relay's schedule
 * covers the time it is disconnected.
 */
@ApplicationScoped
public class OutboxNotifications {

    /** The notification channel the migration's trigger uses. */
    public static final String CHANNEL = "outbox_events";

    private static final Logger LOG = Logger.getLogger(OutboxNotifications.class);

    private final OutboxRelay relay;
    private final OutboxConfig config;
    private PgSubscriber subscriber;

    public OutboxNotifications(OutboxRelay relay, OutboxConfig config) {
        this.relay = relay;
        this.config = config;
    }

    void listen(@Observes StartupEvent startup, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        if (!config.listen()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(ignored -> relay.publishSoon())
                .handler(ignored -> relay.publishSoon());
        subscriber.connect().onFailure(e -> LOG.warnf(
                "cannot LISTEN for outbox commits (%s); relaying every outbox.poll-interval only", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
