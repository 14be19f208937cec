package ai.crafted.integrations.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import ai.crafted.integrations.config.IntegrationsConfig;
import ai.crafted.integrations.whatsapp.WhatsAppAppView;

/** Public addresses the pages show ({@code {cdi:uiLinks.…}} in templates). */
@Named("uiLinks")
@ApplicationScoped
public class UiLinks {

    private final String webhookBase;

    public UiLinks(IntegrationsConfig config) {
        String base = config.ui().whatsappWebhookBaseUrl();
        this.webhookBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The callback URL to paste into Meta's dashboard for this app, e.g. {@code https://whatsapp.example.com/webhooks/whatsapp/<id>}. */
    public String webhookUrl(WhatsAppAppView app) {
        return webhookBase + app.webhookPath();
    }
}
