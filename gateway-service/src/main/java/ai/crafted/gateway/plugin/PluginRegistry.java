package ai.crafted.gateway.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ChangeType;
import ai.crafted.events.CompiledTool;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.IntegrationUpdatedEvent;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.replay.ReplayedView;
import ai.crafted.secrets.CredentialSecrets;
import ai.crafted.tools.compiler.PreparedTool;
import ai.crafted.tools.compiler.ToolCompiler;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * Every organisation's MCP plugins and their tool catalogs, so a chat request never needs a
 * database or control-panel call: configurations from {@code integration-updated} (one
 * {@link ReplayedView} per organisation: lookups are always by organisation) and catalogs
 * straight from catalog-refresher's {@code catalog-updated}. A catalog is used only while its
 * fingerprint matches the plugin's current configuration and credential version, so tools
 * listed from an old endpoint, or with a secret since rotated, are never offered.
 */
@ApplicationScoped
public class PluginRegistry {

    private final Map<UUID, ReplayedView<UUID, Plugin>> byOrganization = new ConcurrentHashMap<>();
    private final ReplayedView<UUID, CompiledCatalog> catalogs = new ReplayedView<>();
    /** Per organisation: bumped by every change that can change what its requests are offered. */
    private final Map<UUID, AtomicLong> generations = new ConcurrentHashMap<>();
    private final CredentialSecrets credentials;

    public PluginRegistry(CredentialSecrets credentials) {
        this.credentials = credentials;
    }

    /** Applies an event unless the registry already holds a newer version of that integration. */
    public void apply(IntegrationUpdatedEvent event) {
        boolean deleted = event.changeType() == ChangeType.DELETED;
        byOrganization.computeIfAbsent(event.organizationId(), org -> new ReplayedView<>())
                .apply(event.integrationId(), event.version(), deleted ? null
                        : new Plugin(event.integrationId(), event.organizationId(), event.version(), event.integration()));
        changed(event.organizationId());
    }

    /**
     * A number that changes whenever the organisation's plugins, their catalogs or its
     * credentials change: what was built from the registry for the organisation at one value
     * stays valid while it holds.
     */
    public long generation(UUID organizationId) {
        AtomicLong generation = generations.get(organizationId);
        return generation == null ? 0 : generation.get();
    }

    /** Marks the organisation changed (a credential of it arrived, rotated or was deleted). */
    public void changed(UUID organizationId) {
        generations.computeIfAbsent(organizationId, id -> new AtomicLong()).incrementAndGet();
    }

    /**
     * A catalog record with its tools compiled for every profile (carried by the record, or
     * compiled here once when it was made by another compiler version), and each profile's ready
     * function tools, built on first use per slug and kept until the next record.
     */
    private record CompiledCatalog(CatalogUpdatedEvent event, List<CompiledTool> compiled,
            Map<ToolProfile, PreparedForSlug> prepared) {
    }

    /** One profile's ready tools, built for the plugin's slug at that time (names carry the slug). */
    private record PreparedForSlug(String slug, List<PreparedTool> tools) {
    }

    /** Applies a catalog unless a newer one is held; a null {@code catalog} is the integration's tombstone. */
    public void applyCatalog(UUID integrationId, CatalogUpdatedEvent catalog) {
        var change = catalogs.apply(integrationId, catalog == null ? Long.MAX_VALUE : catalog.sequence(), catalog == null ? null
                : new CompiledCatalog(catalog, ToolCompiler.compiledOf(catalog), new ConcurrentHashMap<>()));
        if (change.applied()) {
            change.previous().ifPresent(previous -> changed(previous.event().organizationId()));
            change.current().ifPresent(current -> changed(current.event().organizationId()));
        }
    }

    public List<Plugin> forOrganization(UUID organizationId) {
        ReplayedView<UUID, Plugin> plugins = byOrganization.get(organizationId);
        return plugins == null ? List.of() : List.copyOf(plugins.values());
    }

    public Optional<Plugin> find(UUID organizationId, UUID integrationId) {
        ReplayedView<UUID, Plugin> plugins = byOrganization.get(organizationId);
        return plugins == null ? Optional.empty() : plugins.get(integrationId);
    }

    /** The plugin with this integration id in any organisation (for events that carry only the id). */
    public Optional<Plugin> find(UUID integrationId) {
        for (ReplayedView<UUID, Plugin> plugins : byOrganization.values()) {
            Optional<Plugin> plugin = plugins.get(integrationId);
            if (plugin.isPresent()) {
                return plugin;
            }
        }
        return Optional.empty();
    }

    /**
     * The plugin's tools, or an empty list while no catalog matches its current configuration
     * (not listed yet, listed under an older endpoint or credential version, or its credential
     * not delivered yet).
     */
    public List<ToolDescriptor> toolsOf(Plugin plugin) {
        return currentCatalog(plugin).map(catalog -> catalog.event().tools()).orElse(List.of());
    }

    /**
     * The plugin's tools ready to offer under {@code profile} (see {@link ToolsArrays#prepare}),
     * empty in the same cases as {@link #toolsOf}; built once per catalog record, slug and profile.
     */
    public List<PreparedTool> preparedToolsOf(Plugin plugin, ToolProfile profile) {
        String slug = plugin.state().slug();
        return currentCatalog(plugin).map(catalog -> {
            PreparedForSlug ready = catalog.prepared().get(profile);
            if (ready == null || !ready.slug().equals(slug)) {
                ready = new PreparedForSlug(slug, ToolsArrays.prepare(slug, catalog.event().tools(), catalog.compiled(), profile));
                catalog.prepared().put(profile, ready);
            }
            return ready.tools();
        }).orElse(List.of());
    }

    private Optional<CompiledCatalog> currentCatalog(Plugin plugin) {
        return catalogs.get(plugin.integrationId())
                .filter(catalog -> catalog.event().organizationId().equals(plugin.organizationId()))
                .filter(catalog -> catalog.event().tools() != null)
                .filter(catalog -> currentFingerprint(plugin).map(catalog.event()::describes).orElse(false));
    }

    private Optional<String> currentFingerprint(Plugin plugin) {
        UUID credentialId = plugin.state().credentialId();
        if (credentialId == null) {
            return Optional.of(ConfigFingerprint.of(plugin.state().config(), null, -1));
        }
        var version = credentials.versionOf(plugin.organizationId(), credentialId);
        return version.isEmpty() ? Optional.empty()
                : Optional.of(ConfigFingerprint.of(plugin.state().config(), credentialId, version.getAsLong()));
    }
}
