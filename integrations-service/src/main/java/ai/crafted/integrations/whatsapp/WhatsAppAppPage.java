package ai.crafted.integrations.whatsapp;

import java.util.List;

public record WhatsAppAppPage(List<WhatsAppAppView> items, int page, int size, long total) {
}
