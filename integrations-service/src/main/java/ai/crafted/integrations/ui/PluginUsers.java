package ai.crafted.integrations.ui;

import java.util.List;

import ai.crafted.integrations.apikey.ApiKeyView;
import ai.crafted.integrations.whatsapp.WhatsAppAppRef;

/**
 * Who gets a plugin's tools, for its page's "Used by": besides every API key without a scope, the
 * WhatsApp apps that selected it and the live API keys whose scope names it.
 */
public record PluginUsers(List<WhatsAppAppRef> apps, List<ApiKeyView> scopedKeys) {
}
