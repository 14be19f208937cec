package ai.crafted.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.ApiKeyUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.ToolRef;
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

    /**
     * @param expiresAt   when the key stops working, null: never
     * @param pluginScope the only plugins it may use, null: every plugin
     * @param toolScope   the only tools of those it may use, null: every tool
     */
    private record LiveKey(UUID organizationId, UUID apiKeyId, String keyHash, Instant expiresAt, Set<UUID> pluginScope,
            Set<ToolRef> toolScope) {

        boolean liveAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    private final ReplayedView<UUID, LiveKey> keys = new ReplayedView<>();
    private final Map<String, LiveKey> liveByHash = new ConcurrentHashMap<>();

    public void apply(ApiKeyUpdatedEvent event) {
        boolean created = event.changeType() == ChangeType.CREATED;
        var change = keys.apply(event.apiKeyId(), created ? 0 : 1,
                created ? new LiveKey(event.organizationId(), event.apiKeyId(), event.keyHash(), event.expiresAt(),
                        scopeOf(event.mcpPluginIds()), toolScopeOf(event.allowedTools())) : null);
        if (change.applied()) {
            change.previous().ifPresent(key -> liveByHash.remove(key.keyHash()));
            change.current().ifPresent(key -> liveByHash.put(key.keyHash(), key));
        }
    }

    /** The organisation of a presented key, if it is a live key: created, not revoked, not past its expiry. */
    public Optional<UUID> organizationOf(String presentedKey) {
        return callerOf(presentedKey).map(ApiKeyCaller::organizationId);
    }

    /** The caller a presented key stands for, if it is a live key: created, not revoked, not past its expiry. */
    public Optional<ApiKeyCaller> callerOf(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(ApiKeys.PREFIX)) {
            return Optional.empty();
        }
        LiveKey key = liveByHash.get(ApiKeys.hash(presentedKey));
        return key != null && key.liveAt(Instant.now())
                ? Optional.of(new ApiKeyCaller(key.organizationId(), key.apiKeyId(), key.pluginScope(), key.toolScope()))
                : Optional.empty();
    }

    private static Set<ToolRef> toolScopeOf(List<ToolRef> tools) {
        // An entry without a plugin or name allows nothing.
        return tools == null ? null : tools.stream().filter(t -> t != null && t.pluginId() != null && t.name() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Set<UUID> scopeOf(List<UUID> ids) {
        // A null inside is no plugin id: it narrows nothing (the list is the key owner's, checked there).
        return ids == null ? null : ids.stream().filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
