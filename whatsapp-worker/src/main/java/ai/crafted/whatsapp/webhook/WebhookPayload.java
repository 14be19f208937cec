package ai.crafted.whatsapp.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.events.WhatsAppInboundMessage;
import ai.crafted.whatsapp.app.WhatsAppApp;

/** Reads the messages out of a WhatsApp Cloud API webhook delivery; status callbacks are counted, not answered. */
final class WebhookPayload {

    record Parsed(List<WhatsAppInboundMessage> messages, int statuses) {
    }

    private WebhookPayload() {
    }

    static Parsed parse(JsonNode body, WhatsAppApp app) {
        List<WhatsAppInboundMessage> messages = new ArrayList<>();
        int statuses = 0;
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = value.path("metadata").path("phone_number_id").asText(app.phoneNumberId());
                statuses += value.path("statuses").size();
                for (JsonNode message : value.path("messages")) {
                    String type = message.path("type").asText("unknown");
                    messages.add(new WhatsAppInboundMessage(WhatsAppInboundMessage.SCHEMA_VERSION, app.appId(),
                            app.organizationId(), phoneNumberId, message.path("from").asText(), message.path("id").asText(),
                            type, type.equals("text") ? message.path("text").path("body").asText() : null, Instant.now()));
                }
            }
        }
        return new Parsed(messages, statuses);
    }
}
