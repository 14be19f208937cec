package ai.crafted.integrations.preview;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.tools.compiler.PreparedTool;
import ai.crafted.tools.compiler.ToolsArrays;

/**
 * The preview's step for a surface's tool allowlist (an API key's, a WhatsApp app's): a tool it
 * does not name is left out with its own reason, before the profile's limit counts tools (as the
 * gateway does); and the entries naming a tool the plugin's current catalog does not list are
 * reported (allowed: the tool may appear later).
 */
final class SurfaceAllowlist {

    private SurfaceAllowlist() {
    }

    /** Why a tool the allowlist does not name is left out, for a surface kind ({@code api_key}, {@code whatsapp_app}). */
    static String reason(String surfaceKind) {
        return "not in the " + ("whatsapp_app".equals(surfaceKind) ? "WhatsApp app's" : "API key's") + " tool allowlist";
    }

    /** The plugin's tools with those the allowlist does not name turned into omitted ones; all of them for null (every tool). */
    static List<PreparedTool> filter(UUID pluginId, List<PreparedTool> tools, List<AllowedTool> allowlist, String reason) {
        if (allowlist == null) {
            return tools;
        }
        return tools.stream().map(tool -> allowlist.contains(new AllowedTool(pluginId, tool.tool().name())) ? tool
                : new PreparedTool(tool.name(), tool.tool(), tool.form(), null, reason)).toList();
    }

    /** The allowlist's entries that no assembled plugin's catalog lists (none for null). */
    static List<AllowedTool> notListed(List<AllowedTool> allowlist, List<ToolsArrays.Source<IntegrationEntity>> sources) {
        if (allowlist == null) {
            return List.of();
        }
        Set<AllowedTool> listed = new HashSet<>();
        sources.forEach(source -> source.tools().forEach(t -> listed.add(new AllowedTool(source.plugin().id, t.tool().name()))));
        return allowlist.stream().filter(entry -> !listed.contains(entry)).toList();
    }
}
