package ai.crafted.gateway.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.ToolDescriptor;
import ai.crafted.gateway.config.GatewayConfig;
import ai.crafted.gateway.plugin.Plugin;
import ai.crafted.gateway.plugin.PluginRegistry;
import ai.crafted.tools.ToolNames;

/** Builds the function tools for a request from the organisation's cached MCP catalogs. */
@ApplicationScoped
public class ToolInjector {

    private final PluginRegistry plugins;
    private final int maxInjectedTools;
    private final ObjectMapper json;

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
     * @param only the plugin ids the request restricted injection to, or null for all of the
     *             organisation's plugins; ids must already be checked as the organisation's own
     */
    public ToolSet toolsFor(UUID organizationId, Set<UUID> only) {
        List<Plugin> selected = plugins.forOrganization(organizationId).stream()
                .filter(p -> only == null || only.contains(p.integrationId()))
                .sorted(Comparator.comparing(p -> p.state().slug()))
                .toList();
        Map<String, InjectedTool> byName = new LinkedHashMap<>();
        List<String> omitted = new ArrayList<>();
        ArrayNode tools = json.createArrayNode();
        for (Plugin plugin : selected) {
            for (ToolDescriptor tool : plugins.toolsOf(plugin)) {
                String name = uniqueName(plugin.state().slug(), tool.name(), byName);
                if (byName.size() >= maxInjectedTools) {
                    omitted.add(name);
                    continue;
                }
                byName.put(name, new InjectedTool(name, plugin, tool));
                tools.add(functionTool(name, tool));
            }
        }
        return new ToolSet(tools, byName, omitted);
    }

    private static String uniqueName(String slug, String toolName, Map<String, InjectedTool> taken) {
        String name = ToolNames.exposedName(slug, toolName);
        for (int attempt = 1; taken.containsKey(name); attempt++) {
            name = ToolNames.alternative(slug, toolName, attempt);
        }
        return name;
    }

    private ObjectNode functionTool(String name, ToolDescriptor tool) {
        ObjectNode wrapper = json.createObjectNode().put("type", "function");
        ObjectNode function = wrapper.putObject("function").put("name", name);
        String description = tool.description() != null ? tool.description() : tool.title();
        if (description != null) {
            function.put("description", description);
        }
        function.set("parameters", tool.inputSchema() != null ? tool.inputSchema() : json.createObjectNode().put("type", "object"));
        return wrapper;
    }
}
