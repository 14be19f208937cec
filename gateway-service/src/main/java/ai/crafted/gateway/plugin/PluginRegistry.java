package ai.crafted.gateway.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;

/**
 * Every organisation's MCP plugins, built from {@code integration-updated} events so a chat
 * request never needs a database or control-panel call. Lookups are always by organisation.
 */
@ApplicationScoped
public class PluginRegistry {

    private final Map<UUID, Map<UUID, Plugin>> byOrganization = new ConcurrentHashMap<>();

    /** Applies an event unless the registry already holds a newer version of that integration. */
    public void apply(IntegrationUpdatedEvent event) {
        Map<UUID, Plugin> plugins = byOrganization.computeIfAbsent(event.organizationId(),
                org -> new ConcurrentHashMap<>());
        plugins.compute(event.integrationId(), (id, current) -> {
            if (current != null && current.version() > event.version()) {
                return current;
            }
            return new Plugin(id, event.organizationId(), event.version(),
                    event.changeType() == ChangeType.DELETED ? null : event.integration());
        });
    }

    public List<Plugin> forOrganization(UUID organizationId) {
        return byOrganization.getOrDefault(organizationId, Map.of()).values().stream()
                .filter(p -> !p.deleted())
                .toList();
    }

    public Optional<Plugin> find(UUID organizationId, UUID integrationId) {
        return Optional.ofNullable(byOrganization.getOrDefault(organizationId, Map.of()).get(integrationId))
                .filter(p -> !p.deleted());
    }
}
