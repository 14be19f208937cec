package ai.crafted.integrations.ui;

import java.util.List;
import java.util.UUID;

import ai.crafted.integrations.whatsapp.WhatsAppAppView;

/** One checkbox of the WhatsApp plugin selection. */
public record PluginChoice(UUID id, String slug, String displayName, int toolCount, boolean selected) {

    static PluginChoice of(WhatsAppAppView.PluginRef plugin, List<String> ticked) {
        return new PluginChoice(plugin.id(), plugin.slug(), plugin.displayName(), plugin.toolCount(),
                ticked.contains(plugin.id().toString()));
    }
}
