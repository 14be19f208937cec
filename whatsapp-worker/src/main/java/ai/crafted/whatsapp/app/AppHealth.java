package ai.crafted.whatsapp.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.Topics;
import ai.crafted.events.WhatsAppAppHealthEvent;
import ai.crafted.whatsapp.config.WorkerConfig;

/**
 * Apps that cannot send (the Graph API refused the app itself: an expired or revoked access
 * token, missing permissions, a locked account): their replies stop, without model calls, until
 * the app is changed in the control panel (a new version of its configuration, e.g. a new access
 * token), or until {@code whatsapp.app-attention-recheck} has passed (a block or a payment
 * problem can be lifted at Meta without a change here): then the next message is tried again.
 *
 * <p>The control panel learns it from {@code whatsapp-app-health}: {@code needs_attention} once
 * per app version (a lost publish is logged, and the next refused send publishes again), and
 * {@code ok} after the first successful send of an app version in this process (which also
 * clears a word left from before a restart). Each worker instance finds a refusal out by its own
 * first refused send.
 */
@ApplicationScoped
public class AppHealth {

    private static final Logger LOG = Logger.getLogger(AppHealth.class);

    /** Why an app needs attention: Meta's error code and words, from which version, since when (last refusal). */
    public record Attention(long appVersion, Integer code, String reason, Instant since) {
    }

    private record AppVersion(UUID appId, long version) {
    }

    private final Map<UUID, Attention> attention = new ConcurrentHashMap<>();
    /** App versions this process has told the control panel are fine (at most one word per version and process). */
    private final Set<AppVersion> confirmed = ConcurrentHashMap.newKeySet();
    private final MutinyEmitter<WhatsAppAppHealthEvent> events;
    private final Duration recheck;

    public AppHealth(@Channel(Topics.WHATSAPP_APP_HEALTH) MutinyEmitter<WhatsAppAppHealthEvent> events, WorkerConfig config) {
        this.events = events;
        this.recheck = config.appAttentionRecheck();
    }

    /** Why this version of the app cannot send, if it cannot and the recheck interval has not passed. */
    public Optional<Attention> needsAttention(WhatsAppApp app) {
        Attention held = attention.get(app.appId());
        boolean holds = held != null && held.appVersion() == app.version() && held.since().plus(recheck).isAfter(Instant.now());
        return holds ? Optional.of(held) : Optional.empty();
    }

    /**
     * Records that this version of the app cannot send (the first reason is kept; a refusal after
     * a recheck restarts the interval) and tells the control panel, once per version.
     */
    public Attention markNeedsAttention(WhatsAppApp app, Integer code, String reason) {
        boolean[] first = new boolean[1];
        Attention marked = attention.compute(app.appId(), (id, held) -> {
            if (held != null && held.appVersion() == app.version()) {
                return new Attention(held.appVersion(), held.code(), held.reason(), Instant.now());
            }
            first[0] = true;
            return new Attention(app.version(), code, reason, Instant.now());
        });
        confirmed.remove(new AppVersion(app.appId(), app.version()));
        if (first[0]) {
            LOG.warnf("WhatsApp app %s needs attention (error %s): replies stop until it is changed", app.appId(), code);
            publish(app, WhatsAppAppHealthEvent.NEEDS_ATTENTION, code, reason, marked.since())
                    .subscribe().with(ignored -> { }, failure -> {
                        LOG.errorf("could not tell the control panel that app %s needs attention: %s", app.appId(),
                                failure.getMessage());
                        attention.remove(app.appId(), marked); // the next refused send tries again
                    });
        }
        return marked;
    }

    /** A send of this app version succeeded: any word against it is lifted, and the control panel told once. */
    public void sent(WhatsAppApp app) {
        attention.computeIfPresent(app.appId(), (id, held) -> held.appVersion() == app.version() ? null : held);
        AppVersion version = new AppVersion(app.appId(), app.version());
        if (confirmed.add(version)) {
            publish(app, WhatsAppAppHealthEvent.OK, null, null, Instant.now()).subscribe().with(ignored -> { }, failure -> {
                LOG.debugf("could not tell the control panel that app %s is fine: %s", app.appId(), failure.getMessage());
                confirmed.remove(version);
            });
        }
    }

    private io.smallrye.mutiny.Uni<Void> publish(WhatsAppApp app, String status, Integer code, String reason, Instant at) {
        WhatsAppAppHealthEvent event = new WhatsAppAppHealthEvent(WhatsAppAppHealthEvent.SCHEMA_VERSION, UUID.randomUUID(), at,
                app.organizationId(), app.appId(), app.version(), status, code, reason);
        return events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(app.appId().toString()).build()));
    }
}
