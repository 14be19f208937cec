package ai.crafted.gateway.apikey;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.replay.ReplayedView;
import ai.crafted.secrets.ApiKeys;

/**
 * Which organisation a gateway API key belongs to, from {@code api-key-updated} events: one hash
 * lookup per request, no database. A key only moves forward (created, then revoked), so the
 * {@link ReplayedView} gives "created" version 0 and a revocation version 1: a created event
 * replayed after the revocation cannot bring the key back.
 */
@ApplicationScoped
public class ApiKeyRegistry {

    private record LiveKey(UUID organizationId, String keyHash) {
    }

    private final ReplayedView<UUID, LiveKey> keys = new ReplayedView<>();
    private final Map<String, UUID> organizationByHash = new ConcurrentHashMap<>();

    public void apply(ApiKeyUpdatedEvent event) {
        boolean created = event.changeType() == ChangeType.CREATED;
        var change = keys.apply(event.apiKeyId(), created ? 0 : 1,
                created ? new LiveKey(event.organizationId(), event.keyHash()) : null);
        if (change.applied()) {
            change.previous().ifPresent(key -> organizationByHash.remove(key.keyHash()));
            change.current().ifPresent(key -> organizationByHash.put(key.keyHash(), key.organizationId()));
        }
    }

    /** The organisation of a presented key, if it is a live key. */
    public Optional<UUID> organizationOf(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(ApiKeys.PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(organizationByHash.get(ApiKeys.hash(presentedKey)));
    }
}
