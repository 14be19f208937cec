package ai.crafted.whatsapp.app;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

/**
 * Apps that cannot send (the Graph API refused the app itself: an expired or revoked access
 * token, missing permissions, a locked account): their replies stop, without model calls, until
 * the app is changed in the control panel (a new version of its configuration, e.g. a new access
 * token). Held per app version, so any change lifts it. The control panel learns it from
 * {@code whatsapp-app-health} (published once per app version; a lost publish is logged, and the
 * next refused send publishes again). Each worker instance finds it out by its own first refused
 * send.
 */
@ApplicationScoped
public class AppHealth {

    private static final Logger LOG = Logger.getLogger(AppHealth.class);

    /** Why an app needs attention: Meta's error code and words, from which version, since when. */
    public record Attention(long appVersion, Integer code, String reason, Instant since) {
    }

    private final Map<UUID, Attention> attention = new ConcurrentHashMap<>();
    private final MutinyEmitter<WhatsAppAppHealthEvent> events;

    public AppHealth(@Channel(Topics.WHATSAPP_APP_HEALTH) MutinyEmitter<WhatsAppAppHealthEvent> events) {
        this.events = events;
    }

    /** Why this version of the app cannot send, if it cannot. */
    public Optional<Attention> needsAttention(WhatsAppApp app) {
        Attention held = attention.get(app.appId());
        return held != null && held.appVersion() == app.version() ? Optional.of(held) : Optional.empty();
    }

    /**
     * Records that this version of the app cannot send (the first reason is kept) and tells the
     * control panel, once per version.
     */
    public Attention markNeedsAttention(WhatsAppApp app, Integer code, String reason) {
        boolean[] first = new boolean[1];
        Attention marked = attention.compute(app.appId(), (id, held) -> {
            if (held != null && held.appVersion() == app.version()) {
                return held;
            }
            first[0] = true;
            return new Attention(app.version(), code, reason, Instant.now());
        });
        if (first[0]) {
            LOG.warnf("WhatsApp app %s needs attention (error %s): replies stop until it is changed", app.appId(), code);
            WhatsAppAppHealthEvent event = new WhatsAppAppHealthEvent(WhatsAppAppHealthEvent.SCHEMA_VERSION, UUID.randomUUID(),
                    marked.since(), app.organizationId(), app.appId(), app.version(), WhatsAppAppHealthEvent.NEEDS_ATTENTION,
                    code, reason);
            events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(app.appId().toString()).build())).subscribe().with(ignored -> { },
                            failure -> {
                                LOG.errorf("could not tell the control panel that app %s needs attention: %s", app.appId(),
                                        failure.getMessage());
                                attention.remove(app.appId(), marked); // the next refused send tries again
                            });
        }
        return marked;
    }
}
