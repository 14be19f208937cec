package ai.crafted.gateway.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.ChangeType;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.replay.ReplayedView;

/**
 * Every organisation's MCP plugins, built from {@code integration-updated} events so a chat
 * request never needs a database or control-panel call. One {@link ReplayedView} per
 * organisation: lookups are always by organisation.
 */
@ApplicationScoped
public class PluginRegistry {

    private final Map<UUID, ReplayedView<UUID, Plugin>> byOrganization = new ConcurrentHashMap<>();

    /** Applies an event unless the registry already holds a newer version of that integration. */
    public void apply(IntegrationUpdatedEvent event) {
        boolean deleted = event.changeType() == ChangeType.DELETED;
        byOrganization.computeIfAbsent(event.organizationId(), org -> new ReplayedView<>())
                .apply(event.integrationId(), event.version(), deleted ? null
                        : new Plugin(event.integrationId(), event.organizationId(), event.version(), event.integration()));
    }

    public List<Plugin> forOrganization(UUID organizationId) {
        ReplayedView<UUID, Plugin> plugins = byOrganization.get(organizationId);
        return plugins == null ? List.of() : List.copyOf(plugins.values());
    }

    public Optional<Plugin> find(UUID organizationId, UUID integrationId) {
        ReplayedView<UUID, Plugin> plugins = byOrganization.get(organizationId);
        return plugins == null ? Optional.empty() : plugins.get(integrationId);
    }
}
