package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * whatsapp-worker found that a WhatsApp app cannot send (the Graph API refused the app itself:
 * an expired or revoked access token, missing permissions, a locked account), or that it sent
 * successfully again, published on
 * {@link Topics#WHATSAPP_APP_HEALTH} keyed by app id. It holds for the configuration version it
 * names: integrations-service shows it on the app until the app is changed (a new version).
 *
 * @param appVersion the app configuration's version the worker used ({@link WhatsAppAppUpdatedEvent#version()})
 * @param status     {@link #NEEDS_ATTENTION} or {@link #OK}
 * @param errorCode  the Graph API's error {@code code} (e.g. 190), or null
 * @param reason     the Graph API's words (no secret: error messages and details only)
 */
public record WhatsAppAppHealthEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        UUID organizationId,
        UUID appId,
        long appVersion,
        String status,
        Integer errorCode,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    /** The app cannot send: its replies have stopped until it is changed. */
    public static final String NEEDS_ATTENTION = "needs_attention";

    /** The app version sent successfully (clears an earlier needs_attention for it). */
    public static final String OK = "ok";
}
