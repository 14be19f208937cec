package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway API key authenticated a request, published by gateway-service on
 * {@link Topics#API_KEY_USED} keyed by API key id so that integrations-service, the key's owner,
 * can show when it was last used. Each gateway instance publishes at most one per key per
 * minute (a busy key must not produce an event per request), so {@code usedAt} is exact to about
 * a minute. Carries no key material.
 *
 * @param usedAt when the request arrived at the gateway
 */
public record ApiKeyUsedEvent(
        int schemaVersion,
        UUID eventId,
        UUID organizationId,
        UUID apiKeyId,
        Instant usedAt) {

    public static final int SCHEMA_VERSION = 1;
}
