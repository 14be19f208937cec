package ai.crafted.whatsapp.app;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Apps that cannot send (the Graph API refused the app itself: an expired or revoked access
 * token, missing permissions, a locked account): their replies stop, without model calls, until
 * the app is changed in the control panel (a new version of its configuration, e.g. a new access
 * token). Held per app version, so any change lifts it.
 */
@ApplicationScoped
public class AppHealth {

    private static final Logger LOG = Logger.getLogger(AppHealth.class);

    /** Why an app needs attention: Meta's error code and words, from which version, since when. */
    public record Attention(long appVersion, Integer code, String reason, Instant since) {
    }

    private final Map<UUID, Attention> attention = new ConcurrentHashMap<>();

    /** Why this version of the app cannot send, if it cannot. */
    public Optional<Attention> needsAttention(WhatsAppApp app) {
        Attention held = attention.get(app.appId());
        return held != null && held.appVersion() == app.version() ? Optional.of(held) : Optional.empty();
    }

    /** Records that this version of the app cannot send (the first reason is kept). */
    public Attention markNeedsAttention(WhatsAppApp app, Integer code, String reason) {
        Attention marked = attention.compute(app.appId(), (id, held) -> held != null && held.appVersion() == app.version() ? held
                : new Attention(app.version(), code, reason, Instant.now()));
        LOG.warnf("WhatsApp app %s needs attention (error %s): replies stop until it is changed", app.appId(), code);
        return marked;
    }
}
