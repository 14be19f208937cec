package ai.crafted.integrations.ui;

import java.util.List;
import java.util.UUID;

import ai.crafted.integrations.whatsapp.WhatsAppAppView;

/**
 * One checkbox of the WhatsApp plugin selection; {@code lastRefreshError} (null when the last
 * refresh worked) and a {@code toolCount} of 0 are warned about next to a ticked box: such a
 * plugin gives the assistant nothing, or an outdated catalog.
 */
public record PluginChoice(UUID id, String slug, String displayName, int toolCount, String lastRefreshError,
        boolean selected) {

    static PluginChoice of(WhatsAppAppView.PluginRef plugin, List<String> ticked) {
        return new PluginChoice(plugin.id(), plugin.slug(), plugin.displayName(), plugin.toolCount(),
                plugin.lastRefreshError(), ticked.contains(plugin.id().toString()));
    }
}
