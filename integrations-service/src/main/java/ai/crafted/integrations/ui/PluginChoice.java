package ai.crafted.integrations.ui;

import java.util.UUID;

/** One checkbox of the WhatsApp plugin selection. */
public record PluginChoice(UUID id, String slug, String displayName, int toolCount, boolean selected) {
}
