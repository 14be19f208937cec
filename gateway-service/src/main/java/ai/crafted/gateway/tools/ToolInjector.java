package ai.crafted.gateway.tools;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * Builds the function tools for a request from the organisation's compiled MCP catalogs, in the
 * form the upstream's {@link ToolProfile} accepts. Per request this only puts ready objects
 * together (plugins by slug, tools in catalog order): compiling happened when the catalog
 * arrived. A tool the profile cannot take is left out and named with the reason, so one bad
 * tool never fails a chat.
 */
@ApplicationScoped
public class ToolInjector {

    private final PluginRegistry plugins;
    private final int maxInjectedTools;

    @Inject
    public ToolInjector(PluginRegistry plugins, GatewayConfig config) {
        this(plugins, config.maxInjectedTools());
    }

    ToolInjector(PluginRegistry plugins, int maxInjectedTools) {
        this.plugins = plugins;
        this.maxInjectedTools = maxInjectedTools;
    }

    /**
     * @param only    the plugin ids the request restricted injection to, or null for all of the
     *                organisation's plugins; ids must already be checked as the organisation's own
     * @param profile the profile of the upstream the request goes to
     */
    public ToolSet toolsFor(UUID organizationId, Set<UUID> only, ToolProfile profile) {
        List<ToolsArrays.Source<Plugin>> sources = plugins.forOrganization(organizationId).stream()
                .filter(p -> only == null || only.contains(p.integrationId()))
                .sorted(Comparator.comparing(p -> p.state().slug()))
                .map(p -> new ToolsArrays.Source<>(p, plugins.preparedToolsOf(p, profile)))
                .toList();
        var assembled = ToolsArrays.assemble(sources, profile, Math.min(maxInjectedTools, profile.maxTools()));
        return new ToolSet(profile, assembled.tools(), assembled.byName(), assembled.omitted());
    }
}
