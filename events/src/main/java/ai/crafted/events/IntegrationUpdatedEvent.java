package ai.crafted.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Published on {@link Topics#INTEGRATION_UPDATED}, keyed by {@code integrationId}, after every
 * committed change of an integration's configuration (never for catalog refreshes: catalogs
 * flow from catalog-refresher on {@link Topics#CATALOG_UPDATED}).
 *
 * @param schemaVersion          bumped on incompatible changes; consumers skip versions they do not know
 * @param eventId                unique per event, for consumer-side deduplication
 * @param version                the integration's row version; grows with every change, so a
 *                               consumer can ignore a stale redelivery
 * @param integration            the state after the change; null when {@code changeType} is deleted
 */
public record IntegrationUpdatedEvent(
        int schemaVersion,
        UUID eventId,
        Instant occurredAt,
        ChangeType changeType,
        UUID organizationId,
        UUID integrationId,
        long version,
        IntegrationState integration) {

    public static final int SCHEMA_VERSION = 1;
}
