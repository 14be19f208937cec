package ai.crafted.integrations.allowlist;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ai.crafted.events.ToolRef;

/**
 * One entry of a surface's tool allowlist (an API key's, a WhatsApp app's), as the API takes and
 * shows it: the plugin (integration id) and the tool's name as the MCP server lists it in
 * {@code tools/list} (not the exposed {@code <slug>__<tool>} name the model sees).
 */
@Schema(name = "AllowedTool")
public record AllowedTool(
        @Schema(description = "An MCP integration of the organisation") UUID pluginId,
        @Schema(description = "The tool's name as the MCP server lists it", examples = "search_docs", maxLength = 128)
        String name) {

    /** The entry as events carry it. */
    public ToolRef toRef() {
        return new ToolRef(pluginId, name);
    }
}
