package ai.crafted.integrations.ui;

import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import ai.crafted.integrations.whatsapp.WhatsAppAppView;

/**
 * A WhatsApp app's settings form. Secret fields left empty keep the stored secret; the plugin
 * checkboxes are always part of the form, so "none ticked" means "no plugins".
 */
public class WhatsAppForm {

    @RestForm public String phoneNumberId = "";
    @RestForm public String displayName = "";
    @RestForm public String model = "";
    @RestForm public String systemPrompt = "";
    @RestForm public List<String> plugin = new ArrayList<>();
    @RestForm public String accessToken;
    @RestForm public String appSecret;
    @RestForm public String verifyToken;
    /** Whether the form edits a stored app (secrets may stay empty) rather than creating one. */
    public boolean existing;

    public static WhatsAppForm of(WhatsAppAppView app) {
        WhatsAppForm form = new WhatsAppForm();
        form.existing = true;
        form.phoneNumberId = app.phoneNumberId();
        form.displayName = app.displayName();
        form.model = app.model();
        form.systemPrompt = app.systemPrompt() == null ? "" : app.systemPrompt();
        form.plugin = new ArrayList<>(app.mcpPluginIds().stream().map(String::valueOf).toList());
        return form;
    }

    @Override
    public String toString() {
        return "WhatsAppForm[" + phoneNumberId + ", " + displayName + "]";
    }
}
