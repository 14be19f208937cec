package ai.crafted.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.ApiKeyUsedEvent;
import ai.crafted.events.Topics;

/**
 * Tells the keys' owner, integrations-service, when each API key was used: one
 * {@link ApiKeyUsedEvent} per key per {@link #INTERVAL} at most from this instance, so a key that
 * takes thousands of requests a minute costs one Kafka record a minute. Losing one (a failed
 * send) only makes the shown time older until the next.
 */
@ApplicationScoped
public class ApiKeyUsage {

    /** How often a key's use is reported at most, per gateway instance. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(ApiKeyUsage.class);
    /** Keys remembered at most; beyond it one may be reported again sooner (harmless). */
    private static final int MAX_REMEMBERED = 100_000;

    private final Cache<UUID, Instant> reported = Caffeine.newBuilder().expireAfterWrite(INTERVAL)
            .maximumSize(MAX_REMEMBERED).build();
    private final MutinyEmitter<ApiKeyUsedEvent> events;

    public ApiKeyUsage(@Channel(Topics.API_KEY_USED) MutinyEmitter<ApiKeyUsedEvent> events) {
        this.events = events;
    }

    /** Notes that the caller's key authenticated a request now; reports it when not reported within {@link #INTERVAL}. */
    public void used(ApiKeyCaller caller) {
        Instant now = Instant.now();
        if (reported.asMap().putIfAbsent(caller.apiKeyId(), now) != null) {
            return;
        }
        var event = new ApiKeyUsedEvent(ApiKeyUsedEvent.SCHEMA_VERSION, UUID.randomUUID(), caller.organizationId(),
                caller.apiKeyId(), now);
        events.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(caller.apiKeyId().toString()).build()))
                .subscribe().with(ignored -> { }, failure -> {
                    reported.invalidate(caller.apiKeyId()); // the next request reports it again
                    LOG.warnf("could not report the use of API key %s: %s", caller.apiKeyId(), failure.getMessage());
                });
    }
}
