package ai.crafted.integrations.whatsapp;

import java.util.UUID;

/** A WhatsApp app named where another page mentions it (a plugin's "Used by", an API key's owner). */
public record WhatsAppAppRef(UUID id, String displayName) {
}
