package ai.crafted.gateway.apikey;

import java.util.Set;
import java.util.UUID;

import ai.crafted.events.ToolRef;

/**
 * Who a request comes from: the live API key it presented, its organisation and its scope.
 *
 * @param pluginScope the only plugins (integration ids) the gateway may inject for the key; null:
 *                    every plugin of the organisation; empty: none
 * @param toolScope   the only tools (plugin and MCP name) the gateway may inject for the key,
 *                    within its plugins; null: every tool of them; empty: none
 */
public record ApiKeyCaller(UUID organizationId, UUID apiKeyId, Set<UUID> pluginScope, Set<ToolRef> toolScope) {

    /** A caller whose key has no tool allowlist. */
    public ApiKeyCaller(UUID organizationId, UUID apiKeyId, Set<UUID> pluginScope) {
        this(organizationId, apiKeyId, pluginScope, null);
    }

    /**
     * The tools a request may get: those it allowed ({@code requested}, the request's
     * {@code allowed_tools}; null: all it may have) within the key's tool allowlist.
     *
     * @return null for every tool of the plugins, else the tools
     * @throws IllegalArgumentException when the request names a tool outside the key's allowlist
     */
    public Set<ToolRef> narrowTools(Set<ToolRef> requested) {
        if (toolScope == null) {
            return requested;
        }
        if (requested == null) {
            return toolScope;
        }
        for (ToolRef tool : requested) {
            if (!toolScope.contains(tool)) {
                throw new IllegalArgumentException("the tool '" + tool.name() + "' of plugin " + tool.pluginId()
                        + " is outside this API key's tool allowlist");
            }
        }
        return requested;
    }

    /**
     * The plugins a request may get: those it asked for ({@code requested}; null: all it may have)
     * within the key's scope.
     *
     * @return null for every plugin of the organisation, else the ids
     * @throws IllegalArgumentException when the request names a plugin outside the key's scope
     *                                  (a sentence for the client, naming the plugin)
     */
    public Set<UUID> narrow(Set<UUID> requested) {
        if (pluginScope == null) {
            return requested;
        }
        if (requested == null) {
            return pluginScope;
        }
        for (UUID id : requested) {
            if (!pluginScope.contains(id)) {
                throw new IllegalArgumentException(outsideScope(id));
            }
        }
        return requested;
    }

    /**
     * The refusal of a plugin the key may not use. A key with a scope gets the same words for a
     * plugin that does not exist, so it cannot tell which ids its organisation has.
     */
    public static String outsideScope(UUID id) {
        return "unknown plugin id " + id + ", or outside this API key's scope (the plugins chosen when the key was created)";
    }
}
