package ai.crafted.gateway.tools;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import ai.crafted.events.ToolRef;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.tools.compiler.PreparedTool;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * Builds the function tools for a request from the organisation's compiled MCP catalogs, in the
 * form the upstream's {@link ToolProfile} accepts. Compiling happened when the catalog arrived;
 * here the ready objects are put together (plugins by slug, tools in catalog order) once per
 * <em>surface</em> (organisation, plugin restriction, tool allowlist, profile) and kept, with the encoded
 * {@code tools} bytes, until the organisation's plugins, catalogs or credentials change
 * ({@link PluginRegistry#generation}). A tool the profile cannot take is left out and named with
 * the reason, so one bad tool never fails a chat.
 */
@ApplicationScoped
public class ToolInjector {

    /** Surfaces kept; a client naming ever new plugin subsets cannot grow memory without bound. */
    private static final int MAX_SURFACES = 10_000;

    private record Surface(UUID organizationId, Set<UUID> only, Set<ToolRef> allowed, ToolProfile profile) {
    }

    private record Built(long generation, ToolSet tools) {
    }

    private final PluginRegistry plugins;
    private final int maxInjectedTools;
    private final ObjectMapper json;
    private final Cache<Surface, Built> surfaces = Caffeine.newBuilder().maximumSize(MAX_SURFACES).build();

    @Inject
    public ToolInjector(PluginRegistry plugins, GatewayConfig config, ObjectMapper json) {
        this(plugins, config.maxInjectedTools(), json);
    }

    ToolInjector(PluginRegistry plugins, int maxInjectedTools, ObjectMapper json) {
        this.plugins = plugins;
        this.maxInjectedTools = maxInjectedTools;
        this.json = json;
    }

    /**
     * @param only    the plugin ids the request restricted injection to, or null for all of the
     *                organisation's plugins; ids must already be checked as the organisation's own
     * @param profile the profile of the upstream the request goes to
     * @return the surface's tools; the same (shared, unmodified) object until a change
     */
    public ToolSet toolsFor(UUID organizationId, Set<UUID> only, ToolProfile profile) {
        return toolsFor(organizationId, only, null, profile);
    }

    /**
     * {@link #toolsFor(UUID, Set, ToolProfile)} narrowed to a tool allowlist.
     *
     * @param allowed the only tools (plugin id and MCP name) to offer, or null for every tool of
     *                the plugins; the surface's (API key's, request's) allowlist already combined
     */
    public ToolSet toolsFor(UUID organizationId, Set<UUID> only, Set<ToolRef> allowed, ToolProfile profile) {
        Surface surface = new Surface(organizationId, only == null ? null : Set.copyOf(only),
                allowed == null ? null : Set.copyOf(allowed), profile);
        // Read before building: a change that lands while building bumps it again and is not missed.
        long generation = plugins.generation(organizationId);
        Built built = surfaces.getIfPresent(surface);
        if (built == null || built.generation() != generation) {
            built = new Built(generation, build(surface));
            surfaces.put(surface, built);
        }
        return built.tools();
    }

    private static List<PreparedTool> allowedOf(Plugin plugin, List<PreparedTool> tools, Set<ToolRef> allowed) {
        return allowed == null ? tools
                : tools.stream().filter(t -> allowed.contains(new ToolRef(plugin.integrationId(), t.tool().name()))).toList();
    }

    private ToolSet build(Surface surface) {
        List<ToolsArrays.Source<Plugin>> sources = plugins.forOrganization(surface.organizationId()).stream()
                .filter(p -> surface.only() == null || surface.only().contains(p.integrationId()))
                .sorted(Comparator.comparing(p -> p.state().slug()))
                .map(p -> new ToolsArrays.Source<>(p, allowedOf(p, plugins.preparedToolsOf(p, surface.profile()), surface.allowed())))
                .toList();
        var assembled = ToolsArrays.assemble(sources, surface.profile(),
                Math.min(maxInjectedTools, surface.profile().maxTools()));
        try {
            return new ToolSet(surface.profile(), assembled.tools(), json.writeValueAsBytes(assembled.tools()),
                    assembled.byName(), assembled.omitted());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the injected tools could not be encoded", e);
        }
    }
}
