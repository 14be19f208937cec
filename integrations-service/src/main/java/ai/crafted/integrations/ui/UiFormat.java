package ai.crafted.integrations.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

import ai.crafted.integrations.apikey.ApiKeyView;
import ai.crafted.integrations.whatsapp.WhatsAppAppService;

/** Small display rules the templates share. */
@TemplateExtension
public class UiFormat {

    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UiFormat() {
    }

    /** {@code {instant.display}}: one unambiguous format everywhere (the API itself speaks ISO-8601). */
    static String display(Instant instant) {
        return instant == null ? "" : DISPLAY.format(instant);
    }

    /** Keys the control panel issued for a WhatsApp app are named after it. */
    static boolean usedByWhatsApp(ApiKeyView key) {
        return key.name() != null && key.name().startsWith(WhatsAppAppService.API_KEY_NAME_PREFIX);
    }
}
