package ai.crafted.gateway.apikey;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.secrets.ApiKeys;

/**
 * Which organisation a gateway API key belongs to, from {@code api-key-updated} events: one hash
 * lookup per request, no database. A revoked key disappears as soon as its event arrives.
 */
@ApplicationScoped
public class ApiKeyRegistry {

    private final Map<String, UUID> organizationByHash = new ConcurrentHashMap<>();
    private final Map<UUID, String> hashById = new ConcurrentHashMap<>();

    public void apply(ApiKeyUpdatedEvent event) {
        if (event.changeType() == ChangeType.REVOKED || event.changeType() == ChangeType.DELETED) {
            organizationByHash.remove(event.keyHash());
            hashById.put(event.apiKeyId(), "");
            return;
        }
        // A created event replayed after the revocation must not bring the key back.
        if (!"".equals(hashById.get(event.apiKeyId()))) {
            hashById.put(event.apiKeyId(), event.keyHash());
            organizationByHash.put(event.keyHash(), event.organizationId());
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
