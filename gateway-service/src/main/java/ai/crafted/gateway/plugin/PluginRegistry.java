package ai.crafted.gateway.plugin;

import java.util.ArrayList;
import java.util.HashMap;
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
import ai.crafted.events.ToolPolicy;
import ai.crafted.events.ToolPolicyUpdatedEvent;
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
 *
 * <p>Tools are offered only as the plugin's tool policy ({@code tool-policy-updated}) allows:
 * enabled, with an accepted version hash equal to the hash the current catalog carries for the
 * tool. A tool that changed since it was accepted (tool poisoning: new instructions in a
 * description), a disabled one, one never accepted, and every tool of a plugin without a policy
 * or of a catalog without per-tool hashes are left out (fail closed).
 */
@ApplicationScoped
public class PluginRegistry {

    private final Map<UUID, ReplayedView<UUID, Plugin>> byOrganization = new ConcurrentHashMap<>();
    private final ReplayedView<UUID, CompiledCatalog> catalogs = new ReplayedView<>();
    private final ReplayedView<UUID, ToolPolicyUpdatedEvent> policies = new ReplayedView<>();
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

    /**
     * One profile's ready tools, built for the plugin's slug and policy version at that time
     * (names carry the slug; the policy decides which tools are in).
     */
    private record PreparedForSlug(String slug, long policyVersion, List<PreparedTool> tools) {
    }

    /** Applies a tool policy unless a newer one is held; a null {@code policy} is the integration's tombstone. */
    public void applyPolicy(UUID integrationId, ToolPolicyUpdatedEvent policy) {
        var change = policies.apply(integrationId, policy == null ? Long.MAX_VALUE : policy.version(), policy);
        if (change.applied()) {
            change.previous().ifPresent(previous -> changed(previous.organizationId()));
            change.current().ifPresent(current -> changed(current.organizationId()));
        }
    }

    /**
     * The policy of one of the plugin's tools (by its MCP name), when the plugin has a policy
     * record of its own organisation that lists the tool.
     */
    public Optional<ToolPolicy> policyOf(Plugin plugin, String toolName) {
        return policyOf(plugin).flatMap(policy -> policy.tools().stream().filter(t -> t.name().equals(toolName)).findFirst());
    }

    private Optional<ToolPolicyUpdatedEvent> policyOf(Plugin plugin) {
        return policies.get(plugin.integrationId())
                .filter(policy -> policy.organizationId().equals(plugin.organizationId()))
                .filter(policy -> policy.tools() != null);
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
        Optional<ToolPolicyUpdatedEvent> policy = policyOf(plugin);
        if (policy.isEmpty()) {
            return List.of();
        }
        long policyVersion = policy.get().version();
        return currentCatalog(plugin).map(catalog -> {
            PreparedForSlug ready = catalog.prepared().get(profile);
            if (ready == null || !ready.slug().equals(slug) || ready.policyVersion() != policyVersion) {
                ready = new PreparedForSlug(slug, policyVersion, prepareAllowed(slug, catalog, policy.get(), profile));
                catalog.prepared().put(profile, ready);
            }
            return ready.tools();
        }).orElse(List.of());
    }

    /**
     * The current hash of one of the plugin's tools (its version, see
     * {@link CatalogUpdatedEvent#toolHashes}), when the current catalog lists it with one.
     */
    public Optional<String> toolHashOf(Plugin plugin, String toolName) {
        return currentCatalog(plugin).flatMap(catalog -> {
            List<ToolDescriptor> tools = catalog.event().tools();
            List<String> hashes = catalog.event().toolHashes();
            for (int i = 0; hashes != null && i < tools.size() && i < hashes.size(); i++) {
                if (tools.get(i).name().equals(toolName)) {
                    return Optional.ofNullable(hashes.get(i));
                }
            }
            return Optional.empty();
        });
    }

    /** The catalog's tools the policy lets through (enabled, accepted at exactly the current hash), prepared. */
    private static List<PreparedTool> prepareAllowed(String slug, CompiledCatalog catalog, ToolPolicyUpdatedEvent policy,
            ToolProfile profile) {
        List<ToolDescriptor> tools = catalog.event().tools();
        List<String> hashes = catalog.event().toolHashes();
        if (hashes == null || hashes.size() != tools.size()) {
            return List.of();
        }
        Map<String, ToolPolicy> byName = new HashMap<>();
        policy.tools().forEach(t -> byName.put(t.name(), t));
        List<ToolDescriptor> allowed = new ArrayList<>();
        List<CompiledTool> compiled = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            ToolPolicy rule = byName.get(tools.get(i).name());
            if (rule != null && rule.enabled() && hashes.get(i) != null && hashes.get(i).equals(rule.acceptedHash())) {
                allowed.add(tools.get(i));
                compiled.add(catalog.compiled().get(i));
            }
        }
        return ToolsArrays.prepare(slug, allowed, compiled, profile);
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
